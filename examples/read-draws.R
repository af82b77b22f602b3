# Read a `bfe sample` run in R: rstan reads the CmdStan CSV files, posterior summarises them.
# Usage: Rscript examples/read-draws.R run/
# (Debian: apt-get install r-cran-rstan r-cran-posterior)
args <- commandArgs(trailingOnly = TRUE)
folder <- if (length(args) > 0) args[1] else "run"
files <- list.files(folder, pattern = "^chain-[0-9]+\\.csv$", full.names = TRUE)
suppressPackageStartupMessages({ library(rstan); library(posterior) })
fit <- read_stan_csv(files)
print(get_adaptation_info(fit)[[1]])
print(get_elapsed_time(fit))
draws <- as_draws_array(fit)
print(summarise_draws(subset_draws(draws, variable = c("lp__", "nLn"))))
# Parameters are named per layer (W1.j.i, b1.j): rstan reshapes them, e.g. W1 as draws x H_1 x H_0.
print(dim(extract(fit, pars = "W1")$W1))
