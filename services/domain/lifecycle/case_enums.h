#pragma once

// The vocabulary of case lifecycles: kinds of case, their states, the actions officers take,
// and the complexity finding. Every enum has a stable snake_case string form (used in JSON
// data, the CLI and logs) and a parse function that is its exact inverse.
//
// Contract: ToString never returns an empty view for a valid enumerator; Parse* returns
// nullopt for any string that is not exactly one of the names listed beside the enumerators.
// Pure functions, thread-safe.

#include <optional>
#include <span>
#include <string_view>

namespace civicase::domain {

// The four kinds of matter the law distinguishes (glossary: COMPLAINT, DENUNCIATION, ...).
enum class CaseKind {
  kComplaint,      // "complaint": khiếu nại (Law on Complaints 02/2011/QH13)
  kDenunciation,   // "denunciation": tố cáo (Law on Denunciations 25/2018/QH14)
  kPetition,       // "petition": kiến nghị, phản ánh (Law on Citizen Reception Art. 2(2))
  kVoterPetition,  // "voter_petition": kiến nghị cử tri (NQLT 72/2025)
};

// One state set for all kinds; each kind's table uses the subset the law gives it.
enum class CaseState {
  kReceived,         // "received": registered in the book, not yet processed
  kProcessing,       // "processing": letter processing / initial processing
  kAccepted,         // "accepted": thụ lý
  kNotAccepted,      // "not_accepted": không thụ lý (inadmissible)           [terminal]
  kGuided,           // "guided": hướng dẫn to the competent body (complaints) [terminal]
  kTransferred,      // "transferred": chuyển đơn to the competent body       [terminal]
  kReturned,         // "returned": trả lại đơn to the forwarder               [terminal]
  kFiled,            // "filed": lưu đơn, kept without action                  [terminal]
  kNotProcessed,     // "not_processed": anonymous/duplicate denunciation      [terminal]
  kToPolice,         // "to_police": crime signs, sent to investigation body   [terminal]
  kVerifying,        // "verifying": xác minh
  kDialogue,         // "dialogue": đối thoại (complaints)
  kDecided,          // "decided": complaint decision issued
  kConcluded,        // "concluded": denunciation conclusion issued
  kHandled,          // "handled": conclusion handled (Denunciations Law Art. 36)
  kPublished,        // "published": conclusion published (Art. 40)
  kEffective,        // "effective": complaint decision has legal effect (Art. 44)
  kSecondComplaint,  // "second_complaint": round 1 ended by a round-2 complaint [terminal]
  kLawsuit,          // "lawsuit": filer sued at the administrative court        [terminal]
  kEnforcing,        // "enforcing": decision being enforced (Art. 45)
  kAnswered,         // "answered": petition answered
  kFurtherReview,    // "further_review": superior reviews a further denunciation (Art. 37)
  kSuspended,        // "suspended": tạm đình chỉ; time not counted
  kTerminated,       // "terminated": đình chỉ                                   [terminal]
  kWithdrawn,        // "withdrawn": withdrawn before acceptance                 [terminal]
  kClosed,           // "closed": file closed                                    [terminal]
};

enum class CaseAction {
  kRegister,             // "register": received -> processing
  kProposeAcceptance,    // "propose_acceptance": processing slip proposes acceptance
  kAccept,               // "accept": thụ lý (also: superior takes up a further denunciation)
  kRefuse,               // "refuse": not accepted (also: refuse a further denunciation)
  kGuide,                // "guide"
  kTransfer,             // "transfer"
  kReturnToForwarder,    // "return_to_forwarder"
  kFileAway,             // "file_away"
  kToPolice,             // "to_police"
  kStartVerification,    // "start_verification"
  kHoldDialogue,         // "hold_dialogue"
  kDecide,               // "decide": complaint decision
  kConclude,             // "conclude": denunciation conclusion
  kHandle,               // "handle"
  kPublish,              // "publish"
  kDispatch,             // "dispatch": send the decision/conclusion to the parties
  kBecomeEffective,      // "become_effective"
  kSecondComplaint,      // "second_complaint"
  kSue,                  // "sue"
  kEnforce,              // "enforce"
  kClose,                // "close"
  kAnswer,               // "answer"
  kSuspend,              // "suspend"
  kResume,               // "resume"
  kTerminate,            // "terminate"
  kWithdraw,             // "withdraw": the whole letter
  kWithdrawPartially,    // "withdraw_partially": some contents
  kFurtherDenunciation,  // "further_denunciation"
  kExtend,               // "extend": extend the resolution period
};

// Complexity found in writing at acceptance (Decree 31/2019 Art. 3; Decree 124/2020 Art. 3a).
enum class Complexity {
  kNormal,             // "normal"
  kComplex,            // "complex"
  kEspeciallyComplex,  // "especially_complex"
};

std::string_view ToString(CaseKind kind);
std::string_view ToString(CaseState state);
std::string_view ToString(CaseAction action);
std::string_view ToString(Complexity complexity);

std::optional<CaseKind> ParseCaseKind(std::string_view name);
std::optional<CaseState> ParseCaseState(std::string_view name);
std::optional<CaseAction> ParseCaseAction(std::string_view name);
std::optional<Complexity> ParseComplexity(std::string_view name);

// Every enumerator, in declaration order (for tables, tests and CLI listings).
std::span<const CaseKind> AllCaseKinds();
std::span<const CaseState> AllCaseStates();
std::span<const CaseAction> AllCaseActions();

// True for states that accept no action at all.
bool IsTerminal(CaseState state);

}  // namespace civicase::domain
