# Writes the real series the comparison uses, at run time, from the installed packages (nothing
# is committed): forecast's own monthly and quarterly series and R's datasets ones. Holdout =
# the M-competition horizons: 18 for monthly, 8 for quarterly.
# Usage: Rscript export.R OUT.csv
suppressMessages(library(forecast))
out <- commandArgs(trailingOnly = TRUE)[1]
series <- list(
  wineind = forecast::wineind, woolyrnq = forecast::woolyrnq, gas = forecast::gas,
  AirPassengers = datasets::AirPassengers, USAccDeaths = datasets::USAccDeaths, UKgas = datasets::UKgas,
  JohnsonJohnson = datasets::JohnsonJohnson, nottem = datasets::nottem, ldeaths = datasets::ldeaths,
  UKDriverDeaths = datasets::UKDriverDeaths, co2 = datasets::co2, austres = datasets::austres,
  uspop = NULL)
rows <- list()
for (name in names(series)) {
  y <- series[[name]]
  if (is.null(y)) next
  f <- frequency(y)
  h <- if (f == 12) 18 else 8
  rows[[name]] <- data.frame(name = name, frequency = f, horizon = h, index = seq_along(y), value = as.numeric(y))
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE)
