#pragma once

// Realistic case registrations for load generation: Vietnamese names, addresses and summaries
// (UTF-8), about 1-2 KB serialized, in a fixed mix of kinds: 40% complaints, 30% denunciations
// (which the store seals: per-case data key + AES-256-GCM of every filer's identity) and 30%
// petitions, over several channels and receiving units. Deterministic for a given seed.
//
// Thread safety: pure functions.

#include <cstdint>
#include <vector>

#include "civicase/v1/case.pb.h"

namespace civicase::bench {

// `count` distinct registrations that pass the store's validation.
std::vector<v1::Registration> MakeRegistrations(size_t count, uint64_t seed);

}  // namespace civicase::bench
