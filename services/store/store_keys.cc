#include "services/store/store_keys.h"

#include <cstdio>

#include "storage/kv/key_encoding.h"

namespace civicase::store::keys {

using storage::EncodeFixed64BE;
using storage::JoinKey;

std::string CaseId(uint64_t case_number) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%010llu", static_cast<unsigned long long>(case_number));
  return buf;
}

std::string Event(std::string_view case_id, int64_t version) {
  return JoinKey("c", case_id, EncodeFixed64BE(static_cast<uint64_t>(version)));
}
std::string EventsOfCase(std::string_view case_id) { return JoinKey("c", case_id); }
std::string Feed(int64_t sequence) {
  return JoinKey("g", EncodeFixed64BE(static_cast<uint64_t>(sequence)));
}
std::string FeedPrefix() { return JoinKey("g"); }

std::string Reference(std::string_view reference) { return JoinKey("ref", reference); }
std::string UnitState(std::string_view unit, std::string_view state, std::string_view case_id) {
  return JoinKey("unit", unit, state, case_id);
}
std::string UnitPrefix(std::string_view unit) { return JoinKey("unit", unit); }
std::string UnitStatePrefix(std::string_view unit, std::string_view state) {
  return JoinKey("unit", unit, state);
}
std::string State(std::string_view state, std::string_view case_id) {
  return JoinKey("state", state, case_id);
}
std::string StatePrefix(std::string_view state) { return JoinKey("state", state); }
std::string Due(std::string_view date, std::string_view case_id, std::string_view rule_id) {
  return JoinKey("due", date, case_id, rule_id);
}
std::string Filer(std::string_view filer_key, std::string_view case_id) {
  return JoinKey("filer", filer_key, case_id);
}
std::string FilerPrefix(std::string_view filer_key) { return JoinKey("filer", filer_key); }
std::string Matter(std::string_view matter_key, std::string_view case_id) {
  return JoinKey("matter", matter_key, case_id);
}
std::string MatterPrefix(std::string_view matter_key) { return JoinKey("matter", matter_key); }
std::string AuditOfCase(std::string_view case_id, uint64_t sequence) {
  return JoinKey("audit", case_id, EncodeFixed64BE(sequence));
}
std::string AuditOfCasePrefix(std::string_view case_id) { return JoinKey("audit", case_id); }

std::string AuditRecord(uint64_t sequence) { return JoinKey("r", EncodeFixed64BE(sequence)); }
std::string AuditRecordPrefix() { return JoinKey("r"); }
std::string AuditCheckpoint(uint64_t sequence) { return JoinKey("k", EncodeFixed64BE(sequence)); }
std::string AuditCheckpointPrefix() { return JoinKey("k"); }

std::string Idempotency(std::string_view method, std::string_view key) {
  return JoinKey(method, key);
}
std::string DataKey(std::string_view case_id) { return std::string(case_id); }

// ---- Reception register. ----
std::string Visit(std::string_view unit, std::string_view date, uint64_t number) {
  return JoinKey("visit", unit, date, EncodeFixed64BE(number));
}
std::string VisitsOfUnit(std::string_view unit) { return JoinKey("visit", unit); }
std::string VisitDataKeySlot(std::string_view visit_id) { return "visit:" + std::string(visit_id); }
std::string VoterMeeting(std::string_view unit, std::string_view date, uint64_t number) {
  return JoinKey("meeting", unit, date, EncodeFixed64BE(number));
}
std::string VoterMeetingsOfUnit(std::string_view unit) { return JoinKey("meeting", unit); }

}  // namespace civicase::store::keys
