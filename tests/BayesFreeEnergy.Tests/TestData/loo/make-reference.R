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
