// The issue-3 reference model for Stan: y ~ N(f(x, w), sigma) with f a 1-5-5-1 ReLU network and every weight and
// bias N(0, 1), the model bfe samples with --model 1-5-5-1 --noise 0.1 --prior-sd 1. Run by run-stan.R.
data {
  int<lower=1> N;
  vector[N] x;
  vector[N] y;
  real<lower=0> sigma;
}
transformed data {
  matrix[N, 1] X = to_matrix(x, N, 1);
}
parameters {
  matrix[5, 1] W1;
  vector[5] b1;
  matrix[5, 5] W2;
  vector[5] b2;
  row_vector[5] W3;
  real b3;
}
model {
  matrix[N, 5] A1;
  matrix[N, 5] H1;
  matrix[N, 5] A2;
  matrix[N, 5] H2;
  to_vector(W1) ~ std_normal();
  b1 ~ std_normal();
  to_vector(W2) ~ std_normal();
  b2 ~ std_normal();
  W3 ~ std_normal();
  b3 ~ std_normal();
  A1 = X * W1' + rep_matrix(b1', N);
  for (i in 1:N) for (j in 1:5) H1[i, j] = fmax(A1[i, j], 0);
  A2 = H1 * W2' + rep_matrix(b2', N);
  for (i in 1:N) for (j in 1:5) H2[i, j] = fmax(A2[i, j], 0);
  y ~ normal(H2 * W3' + b3, sigma);
}
