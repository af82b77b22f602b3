# Reference WAIC and PSIS-LOO values from the R package loo (Debian r-cran-loo 2.5.1).
# Run from this folder: Rscript make-reference.R
# Writes loglik.csv (S = 400 draws x n = 30 points, one row per draw) and reference.csv / pointwise.csv.
suppressPackageStartupMessages(library(loo))
set.seed(20261128)
n <- 30; S <- 400
x <- runif(n, -1, 1)
y <- 0.5 + 1.5 * x + rnorm(n, sd = 0.3)
y[7] <- y[7] + 2.5   # an outlier, so some Pareto k are large
# Draws of (intercept, slope) from a deliberately narrow posterior approximation, so importance weights are uneven.
a <- rnorm(S, 0.5, 0.05); b <- rnorm(S, 1.5, 0.08)
ll <- sapply(seq_len(n), function(i) dnorm(y[i], a + b * x[i], 0.3, log = TRUE))
fmt <- function(v) formatC(v, digits = 17, format = "g")
write.table(apply(ll, 2, fmt), "loglik.csv", sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
w <- suppressWarnings(waic(ll)); l <- suppressWarnings(loo(ll, r_eff = rep(1, n)))
est <- rbind(w$estimates, l$estimates)
write.csv(data.frame(quantity = rownames(est), estimate = fmt(est[, 1]), se = fmt(est[, 2])), "reference.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(elpd_loo = fmt(l$pointwise[, "elpd_loo"]), p_loo = fmt(l$pointwise[, "p_loo"]),
                     pareto_k = fmt(l$diagnostics$pareto_k), elpd_waic = fmt(w$pointwise[, "elpd_waic"])),
          "pointwise.csv", row.names = FALSE, quote = FALSE)

# The same data with 4 autocorrelated chains of 100 draws (AR(1), rho = 0.7), so loo's relative_eff is far from 1:
# loglik-chains.csv (rows chain after chain), reference-chains.csv (estimates with r_eff from relative_eff, and the
# Monte Carlo SE of elpd_loo as print.loo shows it) and pointwise-chains.csv (r_eff, PSIS n_eff, mcse, pareto k).
ar1 <- function(m, s) { z <- numeric(100); z[1] <- rnorm(1, m, s); for (t in 2:100) z[t] <- m + 0.7 * (z[t - 1] - m) + rnorm(1, 0, s * sqrt(1 - 0.49)); z }
a <- unlist(lapply(1:4, function(c) ar1(0.5, 0.05))); b <- unlist(lapply(1:4, function(c) ar1(1.5, 0.08)))
ll <- sapply(seq_len(n), function(i) dnorm(y[i], a + b * x[i], 0.3, log = TRUE))
write.table(apply(ll, 2, fmt), "loglik-chains.csv", sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
r_eff <- relative_eff(exp(ll), chain_id = rep(1:4, each = 100))
l <- loo(ll, r_eff = r_eff)
est <- rbind(l$estimates, mcse_elpd_loo = c(loo:::mcse_loo(l), NA))
write.csv(data.frame(quantity = rownames(est), estimate = fmt(est[, 1]), se = fmt(est[, 2])), "reference-chains.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(r_eff = fmt(r_eff), n_eff = fmt(l$diagnostics$n_eff), mcse_elpd_loo = fmt(l$pointwise[, "mcse_elpd_loo"]),
                     pareto_k = fmt(l$diagnostics$pareto_k), elpd_loo = fmt(l$pointwise[, "elpd_loo"])),
          "pointwise-chains.csv", row.names = FALSE, quote = FALSE)
print(l)
