#include "services/deadlines/feed_follower.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "services/common/status.h"
#include "services/deadlines/deadline_writer.h"
#include "services/deadlines/due_date_proto.h"

namespace civicase::deadlines {
namespace {

bool Transient(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
      return true;
    default:
      return false;
  }
}

// The DeadlineSet an action records, given the case as it is now.
std::optional<v1::DeadlineSet> BuildRecord(const ClockAction& action,
                                           const domain::StatutoryClock& clock,
                                           const v1::Case& snapshot) {
  v1::DeadlineSet set;
  set.set_reason(action.reason);
  if (action.kind == ClockAction::Kind::kStart || action.kind == ClockAction::Kind::kRecompute) {
    auto due = clock.ComputeDueDate(action.query);
    if (!due.ok()) {
      spdlog::warn("case {}: cannot compute {}: {}", snapshot.reference(), action.rule_id,
                   due.status().ToString());
      return std::nullopt;
    }
    *set.mutable_due() = ToProto(*due);
    return set;
  }
  for (const v1::DueDate& recorded : snapshot.clocks()) {
    if (recorded.rule_id() != action.rule_id) continue;
    if (StateOf(recorded) == ClockState::kStopped) return std::nullopt;
    const auto kind = action.kind == ClockAction::Kind::kStop ? kStopStep : kPauseStep;
    *set.mutable_due() = WithStatusStep(recorded, kind, action.date, action.reason);
    return set;
  }
  return std::nullopt;
}

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

}  // namespace

absl::StatusOr<FoldedCase> FoldCase(v1::CaseStore::StubInterface& store,
                                    const domain::Directory& directory, const std::string& case_id,
                                    int64_t up_to_version) {
  v1::GetCaseRequest get;
  *get.mutable_context() = SystemContext("statutory clock: follow the case's events");
  get.set_case_ref(case_id);
  v1::CaseHistory history;
  if (auto s = store.GetHistory(Call().get(), get, &history); !s.ok()) {
    return common::ToAbslStatus(s);
  }
  bool remote = false;
  if (history.events_size() > 0 && history.events(0).has_registered()) {
    const auto* unit =
        directory.FindAnyDate(history.events(0).registered().registration().receiving_unit());
    remote = unit != nullptr && unit->remote;
  }
  FoldedCase folded{ClockTracker(remote), {}};
  for (const v1::CaseEvent& event : history.events()) {
    if (up_to_version > 0 && event.version() > up_to_version) break;
    folded.last_actions = folded.tracker.Apply(event);
  }
  return folded;
}

absl::Status FeedFollower::Start() {
  auto next = cursor_.Load();
  if (!next.ok()) return next.status();
  next_ = *next;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  spdlog::info("following the store's change feed from sequence {} (cursor {})", *next,
               cursor_.path());
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void FeedFollower::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (stream_ != nullptr) stream_->TryCancel();
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool FeedFollower::Stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void FeedFollower::Run() {
  absl::Duration backoff = options_.min_backoff;
  while (!Stopping()) {
    const int64_t before = next_.load();
    absl::Status ended = FollowOnce();
    if (Stopping()) break;
    if (next_.load() > before) backoff = options_.min_backoff;  // made progress: reset
    spdlog::warn("change feed interrupted at sequence {}: {}; reconnecting in {}", next_.load(),
                 ended.ToString(), absl::FormatDuration(backoff));
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoMilliseconds(backoff), [this] { return stopping_; });
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status FeedFollower::FollowOnce() {
  grpc::ClientContext context;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return absl::CancelledError("stopping");
    stream_ = &context;
  }
  v1::WatchEventsRequest request;
  *request.mutable_context() = SystemContext("statutory clock: follow the change feed");
  request.set_from_sequence(next_.load());
  auto reader = store_->WatchEvents(&context, request);
  v1::CaseEvent event;
  absl::Status result = absl::OkStatus();
  while (reader->Read(&event)) {
    if (event.sequence() < next_.load()) continue;  // already processed
    absl::Status handled = Handle(event);
    if (!handled.ok()) {
      if (Transient(handled)) {
        result = handled;
        context.TryCancel();
        break;
      }
      spdlog::error("change feed event {} (case {}) skipped: {}", event.sequence(), event.case_id(),
                    handled.ToString());
    }
    if (absl::Status saved = cursor_.Save(event.sequence() + 1); !saved.ok()) {
      result = saved;
      context.TryCancel();
      break;
    }
    next_ = event.sequence() + 1;
  }
  grpc::Status finished = reader->Finish();
  {
    std::lock_guard lock(mu_);
    stream_ = nullptr;
  }
  if (!result.ok()) return result;
  return finished.ok() ? absl::UnavailableError("the store ended the stream")
                       : common::ToAbslStatus(finished);
}

absl::Status FeedFollower::Handle(const v1::CaseEvent& event) {
  if (!event.has_state_changed()) return absl::OkStatus();  // only state changes move clocks
  auto folded = FoldCase(*store_, directory_, event.case_id(), event.version());
  if (!folded.ok()) return folded.status();
  const auto clock = clocks_.Get();
  const v1::RequestContext context = SystemContext("statutory clock: record a deadline");
  for (size_t i = 0; i < folded->last_actions.size(); ++i) {
    const ClockAction& action = folded->last_actions[i];
    const std::string key = absl::StrCat("clk:", event.sequence(), ":", i);
    auto outcome = RecordDeadline(
        *store_, context, event.case_id(), key,
        [&](const v1::Case& snapshot) { return BuildRecord(action, *clock, snapshot); });
    if (!outcome.ok()) return outcome.status();
    if (*outcome == WriteOutcome::kWritten) {
      spdlog::info("case {}: {} {} ({})", event.case_id(), ClockActionKindName(action.kind),
                   action.rule_id, action.reason);
    }
  }
  return absl::OkStatus();
}

}  // namespace civicase::deadlines
