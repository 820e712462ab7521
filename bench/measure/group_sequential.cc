#include "bench/measure/group_sequential.h"

#include <cmath>
#include <utility>

#include "bench/measure/quantiles.h"

namespace xsb {
namespace {

constexpr int kGridHalfPoints = 60;  // Simpson's rule on 121 points a look
constexpr int kBisectionSteps = 60;
constexpr double kMaxBoundary = 9.0;  // a crossing chance under 1e-18
constexpr double kPi = 3.14159265358979323846;

double NormalSf(double x) { return NormalCdf(-x); }

double NormalDensity(double x) {
  return std::exp(-0.5 * x * x) / std::sqrt(2 * kPi);
}

// (score, Simpson weight x density) on a look's continuation region.
using Mass = std::vector<std::pair<double, double>>;

// Points and weights of Simpson's rule on [-half_width, half_width].
Mass SimpsonGrid(double half_width) {
  const int n = 2 * kGridHalfPoints;
  const double step = 2 * half_width / n;
  Mass grid;
  for (int i = 0; i <= n; ++i) {
    const int factor = (i == 0 || i == n) ? 1 : (i % 2 != 0 ? 4 : 2);
    grid.emplace_back(-half_width + i * step, step / 3 * factor);
  }
  return grid;
}

// P(no earlier crossing, then |Z_j| >= c).
double Crossing(const Mass& mass, double c, double root_t, double sd) {
  const double edge = c * root_t;
  double sum = 0;
  for (const auto& [u, m] : mass) {
    sum += m * (NormalCdf((-edge - u) / sd) + NormalSf((edge - u) / sd));
  }
  return sum;
}

double Boundary(const Mass& mass, double target, double root_t, double sd) {
  if (target <= 0) return kMaxBoundary;
  double low = 0;
  double high = kMaxBoundary;
  for (int i = 0; i < kBisectionSteps; ++i) {
    const double mid = 0.5 * (low + high);
    if (Crossing(mass, mid, root_t, sd) > target) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return 0.5 * (low + high);
}

// The score's density (times Simpson weights) inside |Z_j| < c.
Mass Carry(const Mass& mass, double c, double root_t, double sd) {
  Mass next = SimpsonGrid(c * root_t);
  for (auto& [s, w] : next) {
    double density = 0;
    for (const auto& [u, m] : mass) {
      density += m * NormalDensity((s - u) / sd) / sd;
    }
    w *= density;
  }
  return next;
}

bool Rising(const std::vector<double>& fractions) {
  if (fractions.front() <= 0 || fractions.back() > 1) return false;
  for (size_t i = 1; i < fractions.size(); ++i) {
    if (fractions[i] <= fractions[i - 1]) return false;
  }
  return true;
}

}  // namespace

double ObrienFlemingSpent(double t, double alpha) {
  if (t <= 0) return 0;
  // Phi^-1(1 - alpha / 2) from the lower tail, which keeps its digits.
  const double z = -NormalQuantile(alpha / 2);
  return 2 * NormalSf(z / std::sqrt(t));
}

std::vector<double> NominalAlphas(const std::vector<double>& fractions,
                                  double alpha) {
  if (fractions.empty() || !Rising(fractions)) return {};
  if (fractions.size() == 1) return {alpha};
  std::vector<double> alphas;
  Mass mass;
  double previous_t = 0;
  for (double t : fractions) {
    const double target =
        ObrienFlemingSpent(t, alpha) - ObrienFlemingSpent(previous_t, alpha);
    double c = kMaxBoundary;
    if (previous_t == 0) {
      // From the lower tail: target can be 1e-7.
      if (target > 0) c = std::fmin(-NormalQuantile(target / 2), kMaxBoundary);
      mass = SimpsonGrid(c * std::sqrt(t));
      for (auto& [s, w] : mass) {
        w *= NormalDensity(s / std::sqrt(t)) / std::sqrt(t);
      }
    } else {
      const double sd = std::sqrt(t - previous_t);
      c = Boundary(mass, target, std::sqrt(t), sd);
      mass = Carry(mass, c, std::sqrt(t), sd);
    }
    alphas.push_back(2 * NormalSf(c));
    previous_t = t;
  }
  return alphas;
}

std::vector<double> RoundFractions(int first, int last) {
  std::vector<double> fractions;
  for (int k = first; k <= last; ++k) {
    fractions.push_back(static_cast<double>(k) / last);
  }
  return fractions;
}

}  // namespace xsb
