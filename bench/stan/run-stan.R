# Stan 2.21 (rstan) on the issue-3 reference problem, for the NUTS speed comparison in docs/performance.md.
# Usage: Rscript bench/stan/run-stan.R data.csv SEED
# data.csv from `bfe data --teacher 1-3-1 --n 200 --noise 0.1 --seed 1 --out data.csv`; the model is compiled once
# into relu-1-5-5-1.rds beside this script. Prints one line: wall time, minimum bulk ESS over lp__ and every
# parameter (posterior's summarise_draws, the same definition as bfe's summary.json), divergences and leapfrog
# steps per second (warm-up included), for 2 chains x (500 warm-up + 500 draws) on 2 cores, as in the issue.
# Needs R with rstan 2.21, posterior and the Boost headers of the BH package (where BH was installed without them,
# `mkdir -p <BH>/include && ln -s /usr/include/boost <BH>/include/boost` made rstan compile on this machine class).
suppressMessages({
  library(rstan)
  library(posterior)
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript run-stan.R data.csv SEED")
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
compiled <- file.path(here, "relu-1-5-5-1.rds")
model <- if (file.exists(compiled)) readRDS(compiled) else {
  m <- stan_model(file.path(here, "relu-1-5-5-1.stan"))
  saveRDS(m, compiled)
  m
}
d <- read.csv(args[1])
seed <- as.integer(args[2])
start <- Sys.time()
fit <- sampling(model, data = list(N = nrow(d), x = d$x1, y = d$y1, sigma = 0.1), chains = 2, iter = 1000,
                warmup = 500, seed = seed, cores = 2, refresh = 0)
wall <- as.numeric(difftime(Sys.time(), start, units = "secs"))
s <- summarise_draws(as_draws_array(as.array(fit)), "ess_bulk", "rhat")
worst <- which.min(s$ess_bulk)
leapfrogs <- sum(sapply(get_sampler_params(fit, inc_warmup = TRUE), function(x) sum(x[, "n_leapfrog__"])))
cat(sprintf("seed %d: wall %.1f s (chains %s s), min ess_bulk %.1f (%s, rhat %.3f), %.3f ESS/s, %d divergences, %.0f leapfrog steps/s\n",
            seed, wall, paste(round(rowSums(get_elapsed_time(fit)), 1), collapse = " and "), s$ess_bulk[worst],
            s$variable[worst], s$rhat[worst], s$ess_bulk[worst] / wall, get_num_divergent(fit), leapfrogs / wall))
