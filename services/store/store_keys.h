#pragma once

// The store's key layout, one function per kind of key, so the layout is written down once.
//
//   meta         "counters"                          -> StoreCounters
//   events       "c" | case_id | be64(version)       -> CaseEvent
//   feed         "g" | be64(sequence)                -> events key of that event (change feed)
//   snapshots    case_id                             -> Case without registration (in event 1)
//   indexes      "ref" | reference                   -> case_id
//                "unit" | unit | state | case_id     -> case_id
//                "state" | state | case_id           -> case_id
//                "due" | YYYY-MM-DD | case_id | rule -> case_id   (open cases' running clocks)
//                "filer" | filer key | case_id       -> case_id   (keyed hash of the ID number)
//                "matter" | matter key | case_id     -> case_id   (filer x respondent x subject)
//                "audit" | case_id | be64(sequence)  -> ""        (audit records of a case)
//                "visit" | unit | YYYY-MM-DD | be64(number) -> ReceptionVisit (reception register)
//                "meeting" | unit | YYYY-MM-DD | be64(number) -> VoterMeeting
//   audit        "r" | be64(sequence)                -> AuditEntry
//   audit_checkpoints "k" | be64(sequence)           -> signed checkpoint of the head at sequence
//   idempotency  method | key                        -> IdempotencyRecord
//   cursors      consumer                            -> Cursor (next sequence to process)
//   sealed_keys  case_id                             -> wrapped data key
// Parts are joined with storage::JoinKey, which keeps each part's order.
// Stores written before the feed and the checkpoints had columns of their own kept the same keys
// in events and audit; CaseStore::Open moves them (layout_upgrade.h).

#include <cstdint>
#include <string>
#include <string_view>

namespace civicase::store::keys {

inline constexpr std::string_view kCounters = "counters";

// Case ids are the case number zero-padded to 10 digits, so they sort in registration order.
std::string CaseId(uint64_t case_number);

std::string Event(std::string_view case_id, int64_t version);
std::string EventsOfCase(std::string_view case_id);  // prefix
std::string Feed(int64_t sequence);
std::string FeedPrefix();

std::string Reference(std::string_view reference);
std::string UnitState(std::string_view unit, std::string_view state, std::string_view case_id);
std::string UnitPrefix(std::string_view unit);
std::string UnitStatePrefix(std::string_view unit, std::string_view state);
std::string State(std::string_view state, std::string_view case_id);
std::string StatePrefix(std::string_view state);
std::string Due(std::string_view date, std::string_view case_id, std::string_view rule_id);
std::string Filer(std::string_view filer_key, std::string_view case_id);
std::string FilerPrefix(std::string_view filer_key);
std::string Matter(std::string_view matter_key, std::string_view case_id);
std::string MatterPrefix(std::string_view matter_key);
std::string AuditOfCase(std::string_view case_id, uint64_t sequence);
std::string AuditOfCasePrefix(std::string_view case_id);

std::string AuditRecord(uint64_t sequence);
std::string AuditRecordPrefix();
std::string AuditCheckpoint(uint64_t sequence);
std::string AuditCheckpointPrefix();

std::string Idempotency(std::string_view method, std::string_view key);

// ---- Reception register (reception_register.cc). ----
std::string Visit(std::string_view unit, std::string_view date, uint64_t number);
std::string VisitsOfUnit(std::string_view unit);  // prefix
// The sealed_keys slot of a visit's visitors' data key (beside cases' DataKey slots).
std::string VisitDataKeySlot(std::string_view visit_id);
std::string VoterMeeting(std::string_view unit, std::string_view date, uint64_t number);
std::string VoterMeetingsOfUnit(std::string_view unit);  // prefix
std::string DataKey(std::string_view case_id);

}  // namespace civicase::store::keys
