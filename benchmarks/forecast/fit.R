# ets() and auto.arima() on every series of a long CSV (name,frequency,horizon,index,value):
# each fitted on all but the last `horizon` points, forecasting `horizon` steps.
# Usage: Rscript fit.R SERIES.csv OUT.csv [methods, default ets,auto.arima]
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
methods <- if (length(args) > 2) strsplit(args[3], ",")[[1]] else c("ets", "auto.arima")
out <- file(args[2], "w")
writeLines("name,method,step,value", out)
for (name in unique(d$name)) {
  s <- d[d$name == name, ]
  s <- s[order(s$index), ]
  h <- s$horizon[1]
  y <- ts(s$value[1:(nrow(s) - h)], frequency = s$frequency[1])
  for (m in methods) {
    fc <- tryCatch({
      fit <- if (m == "ets") ets(y) else auto.arima(y)
      as.numeric(forecast(fit, h = h)$mean)
    }, error = function(e) rep(mean(tail(y, s$frequency[1])), h))
    writeLines(sprintf("%s,%s,%d,%.6f", name, m, seq_len(h), fc), out)
  }
}
close(out)
