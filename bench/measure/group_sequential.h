// Two-sided group-sequential boundaries for the looks of a run of rounds
// (docs/metrics.md, "Rounds"): Lan-DeMets O'Brien-Fleming spending,
// f(t) = 2 - 2 Phi(z / sqrt(t)), spent over the looks' joint normal law
// (a Brownian motion seen at the looks' information fractions), so that
// the chance of any false crossing is alpha in all. The same steps as
// tools/xsb_compare/group_sequential.py: recursive numerical integration
// (Armitage, McPherson and Rowe) with Simpson's rule on a fixed grid and
// each boundary by bisection, so both give the same levels.
#ifndef XSB_BENCH_MEASURE_GROUP_SEQUENTIAL_H_
#define XSB_BENCH_MEASURE_GROUP_SEQUENTIAL_H_

#include <vector>

namespace xsb {

// f(t): the share of alpha O'Brien-Fleming spending allows by fraction t.
double ObrienFlemingSpent(double t, double alpha);

// alpha'_1 .. alpha'_L, each look's two-sided nominal level 2 Phi(-c_j),
// for looks at rising information fractions in (0, 1]; one look gets alpha
// itself. Empty for fractions that do not rise inside (0, 1].
std::vector<double> NominalAlphas(const std::vector<double>& fractions,
                                  double alpha);

// The fractions of looks after rounds first .. last: k / last.
std::vector<double> RoundFractions(int first, int last);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_GROUP_SEQUENTIAL_H_
