#include "tests/bench/bench_registrations.h"

#include <array>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"

namespace civicase::bench {
namespace {

constexpr std::array kFamilyNames = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
                                     "Phan",   "Vũ",   "Võ", "Đặng", "Bùi",   "Đỗ"};
constexpr std::array kMiddleNames = {"Văn", "Thị", "Đức", "Minh", "Ngọc", "Quang", "Thanh"};
constexpr std::array kGivenNames = {"An",   "Bình", "Cường", "Dũng", "Hà",   "Hạnh",
                                    "Hùng", "Lan",  "Linh",  "Nam",  "Phúc", "Thảo"};
constexpr std::array kStreets = {
    "phố Tây Sơn",           "đường Láng",       "phố Chùa Bộc",  "ngõ 102 Thái Hà",
    "phố Nguyễn Lương Bằng", "đường Giải Phóng", "phố Khâm Thiên"};
constexpr std::array kUnits = {"hanoi.dongda.pc", "hanoi.dongda.langha.pc", "hanoi.pc",
                               "hanoi.badinh.pc", "hcm.quan1.pc"};
constexpr std::array kSectors = {"land", "social_policy", "construction", "environment", "justice"};

// Sentences a summary is drawn from: the matters people actually write about.
constexpr std::array kSentences = {
    "Gia đình tôi sử dụng thửa đất số 215, tờ bản đồ số 12 ổn định từ năm 1992, không có tranh "
    "chấp, đã nộp thuế sử dụng đất đầy đủ.",
    "Ngày 15 tháng 3 năm 2025, Ủy ban nhân dân phường ban hành Quyết định số 1234/QĐ-UBND thu "
    "hồi đất nhưng không thông báo trước cho gia đình tôi theo quy định.",
    "Mức bồi thường, hỗ trợ tái định cư được áp dụng thấp hơn nhiều so với giá đất thị trường "
    "tại cùng khu vực, gây thiệt hại nghiêm trọng cho gia đình.",
    "Cán bộ địa chính phường đã có hành vi gây khó khăn, nhũng nhiễu, yêu cầu nộp thêm các "
    "khoản phí không có trong quy định khi làm thủ tục cấp giấy chứng nhận.",
    "Công trình xây dựng bên cạnh nhà tôi thi công vượt quá số tầng được cấp phép, gây nứt "
    "tường, lún móng và mất an toàn cho các hộ dân xung quanh.",
    "Tôi đã gửi đơn đến Ủy ban nhân dân quận nhiều lần nhưng đến nay đã quá thời hạn giải quyết "
    "theo Luật Khiếu nại mà vẫn chưa nhận được văn bản trả lời.",
    "Chế độ trợ cấp dành cho người có công với cách mạng của bố tôi bị cắt giảm từ tháng 6 năm "
    "2024 mà không có quyết định hay giải thích bằng văn bản.",
    "Cơ sở sản xuất trong khu dân cư thường xuyên xả khói bụi và nước thải chưa qua xử lý ra "
    "mương thoát nước chung, ảnh hưởng đến sức khỏe người dân.",
    "Tôi đề nghị cơ quan có thẩm quyền xem xét, hủy bỏ quyết định nêu trên và bồi thường thiệt "
    "hại cho gia đình tôi theo đúng quy định của pháp luật.",
    "Kèm theo đơn này là bản sao giấy chứng nhận quyền sử dụng đất, biên lai nộp thuế và các "
    "văn bản liên quan để cơ quan có thẩm quyền xem xét.",
};

template <typename Array>
const char* Pick(const Array& a, std::mt19937_64& rng) {
  return a[rng() % a.size()];
}

std::string Digits(std::mt19937_64& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng() % 10));
  return s;
}

void FillPerson(v1::Person& p, std::mt19937_64& rng) {
  p.set_full_name(absl::StrCat(Pick(kFamilyNames, rng), " ", Pick(kMiddleNames, rng), " ",
                               Pick(kGivenNames, rng)));
  p.set_id_number(absl::StrCat("001", Digits(rng, 9)));
  p.set_address(absl::StrCat("Số ", 1 + rng() % 200, " ", Pick(kStreets, rng),
                             ", phường Láng Hạ, quận Đống Đa, Hà Nội"));
  p.set_phone(absl::StrCat("09", Digits(rng, 8)));
  if (rng() % 2 == 0) p.set_email(absl::StrCat("congdan", Digits(rng, 4), "@example.vn"));
}

}  // namespace

std::vector<v1::Registration> MakeRegistrations(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<v1::Registration> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    v1::Registration& r = out.emplace_back();
    const int kind_roll = static_cast<int>(i % 10);
    r.set_kind(kind_roll < 4 ? v1::COMPLAINT : kind_roll < 7 ? v1::DENUNCIATION : v1::PETITION);
    r.set_channel(rng() % 3 == 0 ? v1::POST : rng() % 2 == 0 ? v1::IN_PERSON : v1::ONLINE);
    r.set_receiving_unit(Pick(kUnits, rng));
    const int filers = rng() % 5 == 0 ? 2 : 1;
    for (int f = 0; f < filers; ++f) FillPerson(*r.add_filers(), rng);
    r.set_signatory_count(filers);
    auto* respondent = r.mutable_respondent();
    respondent->set_description(
        r.kind() == v1::DENUNCIATION
            ? "Ông Trần Văn Bình, cán bộ địa chính - xây dựng, Ủy ban nhân dân phường Láng Hạ"
            : "Ủy ban nhân dân phường Láng Hạ, quận Đống Đa");
    respondent->set_unit("hanoi.dongda.langha.pc");
    respondent->set_position(r.kind() == v1::DENUNCIATION ? "official" : "the_body");
    // 3-7 sentences: summaries of roughly 600-1400 bytes of UTF-8.
    std::string summary;
    const int sentences = 3 + static_cast<int>(rng() % 5);
    for (int s = 0; s < sentences; ++s) {
      if (!summary.empty()) summary.push_back(' ');
      summary.append(Pick(kSentences, rng));
    }
    r.set_summary(std::move(summary));
    r.set_request(
        "Đề nghị xem xét, giải quyết dứt điểm và trả lời bằng văn bản cho người "
        "gửi đơn theo đúng thời hạn luật định.");
    r.set_sector(Pick(kSectors, rng));
    r.set_language("vi");
    if (rng() % 3 == 0) {
      r.add_attachments("Bản sao Giấy chứng nhận quyền sử dụng đất.pdf");
      r.add_attachments("Quyết định 1234/QĐ-UBND.pdf");
    }
  }
  return out;
}

}  // namespace civicase::bench
