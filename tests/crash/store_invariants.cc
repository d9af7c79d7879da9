#include "tests/crash/store_invariants.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "civicase/v1/audit.pb.h"
#include "civicase/v1/case.pb.h"
#include "civicase/v1/store.pb.h"
#include "services/domain/case/case_aggregate.h"
#include "services/store/store_keys.h"
#include "storage/kv/key_encoding.h"

namespace civicase::store::testing {
namespace {

using storage::Column;

// Splits a JoinKey key; an empty vector if it is not one.
std::vector<std::string> Parts(std::string_view key) {
  auto parts = storage::SplitKey(key);
  return parts.ok() ? *std::move(parts) : std::vector<std::string>{};
}

uint64_t Be64(const std::string& part) {
  auto v = storage::DecodeFixed64BE(part);
  return v.ok() ? *v : 0;
}

// The index entries (key -> case id) a snapshot implies, as the store's write path defines them.
std::map<std::string, std::string> ExpectedIndexEntries(const v1::Case& c) {
  std::map<std::string, std::string> out;
  const std::string state = v1::CaseState_Name(c.state());
  out[keys::Reference(c.reference())] = c.case_id();
  out[keys::UnitState(c.current_unit(), state, c.case_id())] = c.case_id();
  out[keys::State(state, c.case_id())] = c.case_id();
  for (const auto& filer_key : c.filer_keys())
    out[keys::Filer(filer_key, c.case_id())] = c.case_id();
  if (!c.matter_key().empty()) out[keys::Matter(c.matter_key(), c.case_id())] = c.case_id();
  if (domain::IsOpen(c.state())) {
    for (const auto& clock : c.clocks()) {
      out[keys::Due(clock.due_date(), c.case_id(), clock.rule_id())] = c.case_id();
    }
  }
  return out;
}

}  // namespace

InvariantReport CheckStoreInvariants(const storage::Kv& kv) {
  InvariantReport report;
  auto problem = [&](auto&&... parts) { report.problems.push_back(absl::StrCat(parts...)); };
  auto scan = [&](Column column, std::string_view prefix, auto visit) {
    absl::Status s = kv.ScanPrefix(column, prefix, [&](std::string_view k, std::string_view v) {
      visit(std::string(k), std::string(v));
      return true;
    });
    if (!s.ok())
      problem("scan of ", std::string(storage::ColumnName(column)), " failed: ", s.ToString());
  };

  // meta
  v1::StoreCounters& counters = report.counters;
  if (auto bytes = kv.Get(Column::kMeta, keys::kCounters); bytes.ok()) {
    if (!counters.ParseFromString(*bytes)) problem("meta/counters does not parse");
  } else if (!absl::IsNotFound(bytes.status())) {
    problem("meta/counters: ", bytes.status().ToString());
  }

  // snapshots
  std::map<std::string, v1::Case> cases;
  scan(Column::kSnapshots, "", [&](const std::string& k, const std::string& v) {
    if (!cases[k].ParseFromString(v)) problem("snapshot ", k, " does not parse");
    if (cases[k].case_id() != k) problem("snapshot ", k, " names case ", cases[k].case_id());
  });
  report.cases = cases.size();
  for (uint64_t n = 1; n <= counters.last_case_number(); ++n) {
    if (!cases.contains(keys::CaseId(n))) problem("case ", keys::CaseId(n), " has no snapshot");
  }
  if (cases.size() != counters.last_case_number()) {
    problem(cases.size(), " snapshots, but last_case_number is ", counters.last_case_number());
  }
  uint64_t references = 0;
  for (const auto& [prefix_year, last] : counters.last_reference()) references += last;
  if (references != cases.size()) {
    problem("reference counters add up to ", references, ", but there are ", cases.size(),
            " cases");
  }

  // events and change feed
  std::map<std::string, std::map<int64_t, v1::CaseEvent>> events;  // case id -> version -> event
  std::map<uint64_t, std::string> feed;                            // sequence -> event key
  scan(Column::kEvents, "", [&](const std::string& k, const std::string& v) {
    std::vector<std::string> parts = Parts(k);
    if (parts.size() == 3 && parts[0] == "c") {
      v1::CaseEvent& event = events[parts[1]][static_cast<int64_t>(Be64(parts[2]))];
      if (!event.ParseFromString(v)) problem("event ", parts[1], "/", Be64(parts[2]), " damaged");
    } else {
      problem("events: unexpected key of ", parts.size(), " parts");
    }
  });
  scan(Column::kFeed, "", [&](const std::string& k, const std::string& v) {
    std::vector<std::string> parts = Parts(k);
    if (parts.size() == 2 && parts[0] == "g") {
      feed[Be64(parts[1])] = v;
    } else {
      problem("feed: unexpected key of ", parts.size(), " parts");
    }
  });
  report.feed_entries = feed.size();
  for (const auto& [case_id, versions] : events) {
    if (!cases.contains(case_id)) problem("events of case ", case_id, " without its snapshot");
  }
  for (const auto& [case_id, snapshot] : cases) {
    const auto& versions = events[case_id];
    if (static_cast<int64_t>(versions.size()) != snapshot.version() ||
        (!versions.empty() && versions.rbegin()->first != snapshot.version())) {
      problem("case ", case_id, " is at version ", snapshot.version(), " but has ", versions.size(),
              " events");
    }
    for (const auto& [version, event] : versions) {
      if (event.case_id() != case_id || event.version() != version) {
        problem("event ", case_id, "/", version, " is stamped ", event.case_id(), "/",
                event.version());
      }
      auto f = feed.find(static_cast<uint64_t>(event.sequence()));
      if (f == feed.end() || f->second != keys::Event(case_id, version)) {
        problem("event ", case_id, "/", version, " (sequence ", event.sequence(),
                ") is not in the change feed");
      }
    }
  }
  if (feed.size() != counters.last_sequence() ||
      (!feed.empty() && feed.rbegin()->first != counters.last_sequence())) {
    problem("change feed has ", feed.size(), " entries, but last_sequence is ",
            counters.last_sequence());
  }

  // indexes
  std::map<std::string, std::string> expected_index;
  for (const auto& [case_id, snapshot] : cases)
    expected_index.merge(ExpectedIndexEntries(snapshot));
  std::map<std::string, std::string> actual_index;
  std::set<uint64_t> audit_index_sequences;
  scan(Column::kIndexes, "", [&](const std::string& k, const std::string& v) {
    std::vector<std::string> parts = Parts(k);
    if (parts.size() == 3 && parts[0] == "audit") {
      audit_index_sequences.insert(Be64(parts[2]));
    } else {
      actual_index[k] = v;
    }
  });
  for (const auto& [k, v] : expected_index) {
    auto it = actual_index.find(k);
    if (it == actual_index.end() || it->second != v) {
      problem("index entry for case ", v, " missing (", Parts(k).empty() ? "?" : Parts(k)[0], ")");
    }
  }
  for (const auto& [k, v] : actual_index) {
    if (!expected_index.contains(k)) {
      problem("stale index entry for case ", v, " (", Parts(k).empty() ? "?" : Parts(k)[0], ")");
    }
  }

  // audit chain layout (the chain itself is checked by VerifyAudit)
  std::set<uint64_t> records;
  uint64_t last_checkpoint = 0;
  scan(Column::kAudit, "", [&](const std::string& k, const std::string&) {
    std::vector<std::string> parts = Parts(k);
    if (parts.size() == 2 && parts[0] == "r") {
      records.insert(Be64(parts[1]));
    } else {
      problem("audit: unexpected key of ", parts.size(), " parts");
    }
  });
  scan(Column::kAuditCheckpoints, "", [&](const std::string& k, const std::string&) {
    std::vector<std::string> parts = Parts(k);
    if (parts.size() == 2 && parts[0] == "k") {
      last_checkpoint = Be64(parts[1]);
    } else {
      problem("audit_checkpoints: unexpected key of ", parts.size(), " parts");
    }
  });
  if (records.size() != counters.audit_sequence() ||
      (!records.empty() && *records.rbegin() != counters.audit_sequence())) {
    problem(records.size(), " audit records, but audit_sequence is ", counters.audit_sequence());
  }
  if (last_checkpoint != counters.last_checkpoint_sequence()) {
    problem("newest audit checkpoint at ", last_checkpoint, ", but counters say ",
            counters.last_checkpoint_sequence());
  }
  for (uint64_t sequence : audit_index_sequences) {
    if (!records.contains(sequence)) problem("audit index names missing record ", sequence);
  }

  // sealed keys
  std::set<std::string> sealed;
  scan(Column::kSealedKeys, "",
       [&](const std::string& k, const std::string&) { sealed.insert(k); });
  for (const auto& [case_id, snapshot] : cases) {
    const bool denunciation = snapshot.kind() == v1::DENUNCIATION;
    if (denunciation != sealed.contains(case_id)) {
      problem("case ", case_id, (denunciation ? " is a denunciation without" : " has"),
              " a sealed data key");
    }
    if (!denunciation) continue;
    for (const auto& filer : snapshot.registration().filers()) {
      if (!filer.full_name().empty() || !filer.id_number().empty() ||
          filer.sealed_identity().empty()) {
        problem("denunciation ", case_id, " holds a filer identity in clear");
      }
    }
  }
  for (const auto& case_id : sealed) {
    // Case ids are 10 digits; other names are store-wide keys (the filer index key).
    const bool is_case_id =
        case_id.size() == 10 && case_id.find_first_not_of("0123456789") == std::string::npos;
    if (is_case_id && !cases.contains(case_id))
      problem("sealed data key of missing case ", case_id);
  }

  // idempotency records
  scan(Column::kIdempotency, "", [&](const std::string& k, const std::string& v) {
    v1::IdempotencyRecord record;
    if (!record.ParseFromString(v)) {
      problem("idempotency record does not parse");
      return;
    }
    const auto& versions = events[record.case_id()];
    if (!versions.contains(record.version())) {
      problem("idempotency record answers with event ", record.case_id(), "/", record.version(),
              ", which does not exist");
    }
  });
  return report;
}

}  // namespace civicase::store::testing
