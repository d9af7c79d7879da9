#include "storage/audit/chain_verifier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/audit/ed25519.h"

namespace civicase::storage {

ChainVerifier::ChainVerifier(uint64_t first_seq, const Hash& previous)
    : first_seq_(first_seq),
      next_seq_(first_seq),
      head_(previous),
      last_checkpoint_ok_seq_(first_seq - 1) {}

void ChainVerifier::SetRecordProblem(uint64_t seq, std::string message) {
  record_problem_ = Problem{seq, std::move(message)};
}

void ChainVerifier::AddRecord(uint64_t seq, std::string_view record_bytes,
                              const Hash& stored_hash) {
  ++records_checked_;
  if (searching_for_swap_) {
    // Is this the content that belongs at the mismatched position? Its hash then chains from
    // the last good head, and equals the hash stored with it (whole values swapped) or the
    // hash stored at the mismatched position (only contents swapped).
    const Hash candidate = ChainHash(mismatch_previous_, record_bytes);
    if (candidate == stored_hash || candidate == mismatch_stored_) {
      const uint64_t bad = *record_problem_->seq;
      SetRecordProblem(bad, absl::StrCat("records ", bad, " and ", seq,
                                         " are swapped: the content written as record ", bad,
                                         " is stored at record ", seq, " (reordered)"));
      searching_for_swap_ = false;
    }
    return;
  }
  if (record_problem_) return;  // The chain is broken; nothing after it can be trusted.

  if (seq != next_seq_) {
    if (seq > next_seq_) {
      const std::string missing =
          seq == next_seq_ + 1 ? absl::StrCat("record ", next_seq_, " is missing")
                               : absl::StrCat("records ", next_seq_, "..", seq - 1, " are missing");
      const std::string context =
          next_seq_ == first_seq_
              ? absl::StrCat("the chain starts at record ", seq)
              : absl::StrCat("record ", next_seq_ - 1, " is followed by record ", seq);
      SetRecordProblem(next_seq_, absl::StrCat(missing, ": ", context, " (deleted)"));
    } else {
      SetRecordProblem(next_seq_, absl::StrCat("expected record ", next_seq_, ", found record ",
                                               seq, " (records duplicated or out of order)"));
    }
    return;
  }

  const Hash computed = ChainHash(head_, record_bytes);
  if (computed != stored_hash) {
    SetRecordProblem(seq, absl::StrCat("record ", seq,
                                       ": hash does not match its content (changed after it "
                                       "was written)"));
    searching_for_swap_ = true;
    mismatch_previous_ = head_;
    mismatch_stored_ = stored_hash;
    return;
  }
  head_ = computed;
  ++next_seq_;
  auto [begin, end] = pending_.equal_range(seq);
  for (auto it = begin; it != end; ++it) CheckHead(it->second);
  pending_.erase(begin, end);
}

void ChainVerifier::CheckHead(const Checkpoint& checkpoint) {
  // REQUIRES: checkpoint.seq == next_seq_ - 1, so head_ is the chain hash at its seq.
  if (checkpoint.head == head_) {
    last_checkpoint_ok_seq_ = std::max(last_checkpoint_ok_seq_, checkpoint.seq);
    return;
  }
  checkpoint_problems_.push_back(Problem{
      checkpoint.seq, absl::StrCat("checkpoint at record ", checkpoint.seq,
                                   ": signed head does not match the chain (a record after ",
                                   last_checkpoint_ok_seq_ < first_seq_
                                       ? std::string("the start")
                                       : absl::StrCat("record ", last_checkpoint_ok_seq_),
                                   " up to record ", checkpoint.seq,
                                   " was rewritten together with the hashes after it)")});
}

void ChainVerifier::AddCheckpoint(const Checkpoint& checkpoint) {
  checkpoints_.push_back(checkpoint);
  if (record_problem_ && checkpoint.seq >= *record_problem_->seq) return;  // Beyond the break.
  if (checkpoint.seq + 1 == next_seq_) {
    CheckHead(checkpoint);
  } else if (checkpoint.seq >= next_seq_) {
    pending_.emplace(checkpoint.seq, checkpoint);
  } else if (checkpoint.seq + 1 >= first_seq_) {
    checkpoint_problems_.push_back(
        Problem{std::nullopt,
                absl::StrCat("checkpoint at record ", checkpoint.seq,
                             " was supplied after later records; supply checkpoints before the "
                             "records they cover, or right after their record")});
  }
  // Else: it covers a record before the verified range; only its signature is checked.
}

VerifyReport ChainVerifier::Finish(std::string_view public_key_raw) {
  std::vector<Problem> problems;
  if (record_problem_) problems.push_back(*record_problem_);
  for (Problem& p : checkpoint_problems_) problems.push_back(std::move(p));

  VerifyReport report;
  absl::StatusOr<Ed25519PublicKey> key = Ed25519PublicKey::FromRaw(public_key_raw);
  std::map<uint64_t, bool> signed_ok;  // Checkpoint seq -> every checkpoint there verified.
  if (!checkpoints_.empty() && !key.ok()) {
    problems.push_back(Problem{std::nullopt,
                               "the audit public key is not a 32-byte Ed25519 key; no "
                               "checkpoint signature could be checked"});
  } else {
    for (const Checkpoint& checkpoint : checkpoints_) {
      ++report.checkpoints_checked;
      const bool valid = VerifyCheckpointSignature(*key, checkpoint);
      auto [it, inserted] = signed_ok.emplace(checkpoint.seq, valid);
      if (!inserted) it->second = it->second && valid;
      if (!valid) {
        problems.push_back(
            Problem{checkpoint.seq,
                    absl::StrCat("checkpoint at record ", checkpoint.seq,
                                 ": signature does not verify with the audit public key (forged, "
                                 "altered, or signed with another key)")});
      }
    }
  }

  // Tail truncation: a genuinely signed checkpoint covers records that are not there.
  if (!record_problem_) {
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
      if (!signed_ok[it->first]) continue;
      const uint64_t last = next_seq_ - 1;
      problems.push_back(
          Problem{next_seq_,
                  absl::StrCat(last < first_seq_ ? std::string("the chain has no records")
                                                 : absl::StrCat("the chain ends at record ", last),
                               ", but a checkpoint covers records up to ", it->first, ": records ",
                               next_seq_, "..", it->first, " were removed (tail truncated)")});
      break;
    }
  }

  // Problems not tied to a record first (they invalidate everything), then by seq; stable, so
  // a record's own problem wins over a checkpoint problem at the same seq.
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    if (a.seq.has_value() != b.seq.has_value()) return !a.seq.has_value();
    return a.seq.has_value() && *a.seq < *b.seq;
  });

  report.records_checked = records_checked_;
  report.head = head_;
  report.head_seq = next_seq_ - 1;
  report.ok = problems.empty();
  if (!problems.empty()) {
    report.first_bad_seq = problems.front().seq;
    report.problem = problems.front().message;
    if (problems.size() > 1) {
      absl::StrAppend(&report.problem, " (and ", problems.size() - 1, " more problem",
                      problems.size() > 2 ? "s" : "", " after it)");
    }
  }
  return report;
}

}  // namespace civicase::storage
