#include "services/domain/lifecycle/case_enums.h"

#include <array>
#include <utility>

namespace civicase::domain {
namespace {

template <typename E>
using NameTable = std::span<const std::pair<E, std::string_view>>;

constexpr std::pair<CaseKind, std::string_view> kKindNames[] = {
    {CaseKind::kComplaint, "complaint"},
    {CaseKind::kDenunciation, "denunciation"},
    {CaseKind::kPetition, "petition"},
    {CaseKind::kVoterPetition, "voter_petition"},
};

constexpr std::pair<CaseState, std::string_view> kStateNames[] = {
    {CaseState::kReceived, "received"},
    {CaseState::kProcessing, "processing"},
    {CaseState::kAccepted, "accepted"},
    {CaseState::kNotAccepted, "not_accepted"},
    {CaseState::kGuided, "guided"},
    {CaseState::kTransferred, "transferred"},
    {CaseState::kReturned, "returned"},
    {CaseState::kFiled, "filed"},
    {CaseState::kNotProcessed, "not_processed"},
    {CaseState::kToPolice, "to_police"},
    {CaseState::kVerifying, "verifying"},
    {CaseState::kDialogue, "dialogue"},
    {CaseState::kDecided, "decided"},
    {CaseState::kConcluded, "concluded"},
    {CaseState::kHandled, "handled"},
    {CaseState::kPublished, "published"},
    {CaseState::kEffective, "effective"},
    {CaseState::kSecondComplaint, "second_complaint"},
    {CaseState::kLawsuit, "lawsuit"},
    {CaseState::kEnforcing, "enforcing"},
    {CaseState::kAnswered, "answered"},
    {CaseState::kFurtherReview, "further_review"},
    {CaseState::kSuspended, "suspended"},
    {CaseState::kTerminated, "terminated"},
    {CaseState::kWithdrawn, "withdrawn"},
    {CaseState::kClosed, "closed"},
};

constexpr std::pair<CaseAction, std::string_view> kActionNames[] = {
    {CaseAction::kRegister, "register"},
    {CaseAction::kProposeAcceptance, "propose_acceptance"},
    {CaseAction::kAccept, "accept"},
    {CaseAction::kRefuse, "refuse"},
    {CaseAction::kGuide, "guide"},
    {CaseAction::kTransfer, "transfer"},
    {CaseAction::kReturnToForwarder, "return_to_forwarder"},
    {CaseAction::kFileAway, "file_away"},
    {CaseAction::kToPolice, "to_police"},
    {CaseAction::kStartVerification, "start_verification"},
    {CaseAction::kHoldDialogue, "hold_dialogue"},
    {CaseAction::kDecide, "decide"},
    {CaseAction::kConclude, "conclude"},
    {CaseAction::kHandle, "handle"},
    {CaseAction::kPublish, "publish"},
    {CaseAction::kDispatch, "dispatch"},
    {CaseAction::kBecomeEffective, "become_effective"},
    {CaseAction::kSecondComplaint, "second_complaint"},
    {CaseAction::kSue, "sue"},
    {CaseAction::kEnforce, "enforce"},
    {CaseAction::kClose, "close"},
    {CaseAction::kAnswer, "answer"},
    {CaseAction::kSuspend, "suspend"},
    {CaseAction::kResume, "resume"},
    {CaseAction::kTerminate, "terminate"},
    {CaseAction::kWithdraw, "withdraw"},
    {CaseAction::kWithdrawPartially, "withdraw_partially"},
    {CaseAction::kFurtherDenunciation, "further_denunciation"},
    {CaseAction::kExtend, "extend"},
};

constexpr std::pair<Complexity, std::string_view> kComplexityNames[] = {
    {Complexity::kNormal, "normal"},
    {Complexity::kComplex, "complex"},
    {Complexity::kEspeciallyComplex, "especially_complex"},
};

template <typename E>
std::string_view NameOf(NameTable<E> table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "invalid";
}

template <typename E>
std::optional<E> ValueOf(NameTable<E> table, std::string_view name) {
  for (const auto& [e, n] : table) {
    if (n == name) return e;
  }
  return std::nullopt;
}

template <typename E, size_t N>
constexpr std::array<E, N> Values(const std::pair<E, std::string_view> (&table)[N]) {
  std::array<E, N> out{};
  for (size_t i = 0; i < N; ++i) out[i] = table[i].first;
  return out;
}

constexpr auto kAllKinds = Values(kKindNames);
constexpr auto kAllStates = Values(kStateNames);
constexpr auto kAllActions = Values(kActionNames);

}  // namespace

std::string_view ToString(CaseKind kind) { return NameOf<CaseKind>(kKindNames, kind); }
std::string_view ToString(CaseState state) { return NameOf<CaseState>(kStateNames, state); }
std::string_view ToString(CaseAction action) { return NameOf<CaseAction>(kActionNames, action); }
std::string_view ToString(Complexity c) { return NameOf<Complexity>(kComplexityNames, c); }

std::optional<CaseKind> ParseCaseKind(std::string_view name) {
  return ValueOf<CaseKind>(kKindNames, name);
}
std::optional<CaseState> ParseCaseState(std::string_view name) {
  return ValueOf<CaseState>(kStateNames, name);
}
std::optional<CaseAction> ParseCaseAction(std::string_view name) {
  return ValueOf<CaseAction>(kActionNames, name);
}
std::optional<Complexity> ParseComplexity(std::string_view name) {
  return ValueOf<Complexity>(kComplexityNames, name);
}

std::span<const CaseKind> AllCaseKinds() { return kAllKinds; }
std::span<const CaseState> AllCaseStates() { return kAllStates; }
std::span<const CaseAction> AllCaseActions() { return kAllActions; }

bool IsTerminal(CaseState state) {
  switch (state) {
    case CaseState::kNotAccepted:
    case CaseState::kGuided:
    case CaseState::kTransferred:
    case CaseState::kReturned:
    case CaseState::kFiled:
    case CaseState::kNotProcessed:
    case CaseState::kToPolice:
    case CaseState::kSecondComplaint:
    case CaseState::kLawsuit:
    case CaseState::kTerminated:
    case CaseState::kWithdrawn:
    case CaseState::kClosed:
      return true;
    default:
      return false;
  }
}

}  // namespace civicase::domain
