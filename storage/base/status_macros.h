#pragma once

// Early-return helpers for absl::Status / absl::StatusOr (Debian's Abseil 20220623 predates
// absl's own status_macros.h).
//
//   RETURN_IF_ERROR(DoThing());
//   ASSIGN_OR_RETURN(auto value, ComputeValue());

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define CIVICASE_CONCAT_INNER(a, b) a##b
#define CIVICASE_CONCAT(a, b) CIVICASE_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                             \
  do {                                                    \
    if (absl::Status _st = (expr); !_st.ok()) return _st; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr) \
  CIVICASE_ASSIGN_OR_RETURN_IMPL(CIVICASE_CONCAT(_statusor_, __LINE__), lhs, expr)

#define CIVICASE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return std::move(tmp).status();       \
  lhs = std::move(tmp).value()
