# R's numbers are doubles (exact to 2^53 only): add the integers in two parts, the last nine
# digits and the rest, and print the parts side by side.
tokens <- scan(file("stdin"), what = character(), quiet = TRUE)

parts <- function(text) {
  sign <- if (startsWith(text, "-")) -1 else 1
  digits <- sub("^[-+]", "", text)
  n <- nchar(digits)
  low <- as.numeric(substr(digits, max(1, n - 8), n))
  high <- if (n > 9) as.numeric(substr(digits, 1, n - 9)) else 0
  sign * c(high, low)
}

x <- parts(tokens[1]) + parts(tokens[2])
s <- if (x[1] * 1e9 + x[2] < 0) -1 else 1
high <- s * x[1]
low <- s * x[2]
while (low < 0) { low <- low + 1e9; high <- high - 1 }
while (low >= 1e9) { low <- low - 1e9; high <- high + 1 }
digits <- if (high > 0) paste0(format(high, scientific = FALSE), formatC(low, width = 9, format = "d", flag = "0")) else format(low, scientific = FALSE)
cat(if (s < 0 && digits != "0") "-" else "", digits, "\n", sep = "")
