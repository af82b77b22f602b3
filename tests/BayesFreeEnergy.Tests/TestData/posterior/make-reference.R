# Reference diagnostics from the R package posterior (Debian r-cran-posterior 1.4.0).
# Run from this folder: Rscript make-reference.R
# Writes draws.csv (the fixed inputs: case, chain, iteration, value) and reference.csv (posterior's numbers).
suppressPackageStartupMessages(library(posterior))
set.seed(20261128)
ar1 <- function(n, phi, mean = 0) {
  x <- numeric(n); x[1] <- rnorm(1) / sqrt(1 - phi^2)
  for (t in 2:n) x[t] <- phi * x[t - 1] + rnorm(1)
  x + mean
}
cases <- list(
  iid_normal     = sapply(1:4, function(c) rnorm(200)),
  ar1_0.9        = sapply(1:4, function(c) ar1(300, 0.9)),
  odd_length     = sapply(1:3, function(c) ar1(101, 0.5)),
  antithetic     = sapply(1:4, function(c) ar1(250, -0.6)),
  shifted_chains = sapply(1:4, function(c) rnorm(150, mean = c(0, 0, 0, 1.5)[c])),
  heavy_tail     = sapply(1:4, function(c) rt(400, df = 1.5)),
  scale_mismatch = sapply(1:4, function(c) rnorm(200, sd = c(1, 1, 1, 4)[c])),
  ties           = sapply(1:4, function(c) rpois(200, 2)),
  one_chain      = matrix(ar1(500, 0.7), ncol = 1)
)
fmt <- function(x) formatC(x, digits = 17, format = "g")
draws <- do.call(rbind, lapply(names(cases), function(name) {
  m <- cases[[name]]
  data.frame(case = name, chain = rep(seq_len(ncol(m)), each = nrow(m)),
             iteration = rep(seq_len(nrow(m)), ncol(m)), value = fmt(as.vector(m)))
}))
write.csv(draws, "draws.csv", row.names = FALSE, quote = FALSE)
reference <- do.call(rbind, lapply(names(cases), function(name) {
  m <- cases[[name]]
  data.frame(case = name, rhat = fmt(rhat(m)), ess_bulk = fmt(ess_bulk(m)), ess_tail = fmt(ess_tail(m)),
             ess_basic = fmt(ess_basic(m)), mcse_mean = fmt(mcse_mean(m)),
             q05 = fmt(quantile2(m, 0.05)), q95 = fmt(quantile2(m, 0.95)), sd = fmt(sd(m)))
}))
write.csv(reference, "reference.csv", row.names = FALSE, quote = FALSE)
p <- c(1e-300, 1e-20, 1e-10, 1e-3, 0.01, 0.02425, 0.075, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-12)
write.csv(data.frame(p = fmt(p), qnorm = fmt(qnorm(p))), "qnorm.csv", row.names = FALSE, quote = FALSE)
