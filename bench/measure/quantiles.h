// The normal and Student-t distributions the verdict's intervals need:
// CDFs and quantiles computed by the project's own code (Phi from erfc,
// the t CDF from the regularized incomplete beta function by its continued
// fraction, quantiles by bisection), so xsb_bench and tools/xsb_compare
// get the same figures without a statistics library (docs/metrics.md).
#ifndef XSB_BENCH_MEASURE_QUANTILES_H_
#define XSB_BENCH_MEASURE_QUANTILES_H_

namespace xsb {

// Phi(x): the standard normal CDF.
double NormalCdf(double x);
// Phi^-1(p), 0 < p < 1.
double NormalQuantile(double p);

// I_x(a, b), a > 0, b > 0, 0 <= x <= 1.
double RegularizedIncompleteBeta(double a, double b, double x);

// P(T <= t), T Student-t with `df` > 0 degrees of freedom.
double StudentTCdf(double t, double df);
// The t with StudentTCdf(t, df) = p, 0 < p < 1.
double StudentTQuantile(double p, double df);

}  // namespace xsb

#endif  // XSB_BENCH_MEASURE_QUANTILES_H_
