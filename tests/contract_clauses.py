"""The curriculum contract (/work/shared/CURRICULUM.md), clause by clause, with the tests that check each clause.

``CLAUSES[assignment][function]`` maps every clause of a function's row, and every convention that applies to
it (list inputs, read-only inputs, return types, ValueError with a message, stated ranges, forbidden routines),
to the tests that check it. A target is one of:

- the name of a hidden test of that function: its Python name, or its title where several tests share one
  Python name (tests made in a loop, such as LEARNING_PARADIGMS');
- ``rules:<function>``: a static rule; the function has a restriction entry in its suite (checked by
  autograder/static/rules.py, whose cases are in tests/test_static_rules.py);
- ``tests/<file>.py::<test>``: a project test, for conventions the grader enforces for every function.

``CONVENTIONS`` maps the conventions that hold for every graded function alike to project tests.
tests/test_contract_clauses.py checks that every clause has a target, every target exists, and every graded
function has clauses.
"""

from __future__ import annotations

from autograder.suites.m1_2_classical_ml.test_m1_2_classical_ml import SCENARIOS

Targets = tuple[str, ...]

# Which tests enforce a convention for every function at once (the sandbox and the grader's judgement).
CONVENTIONS: dict[str, Targets] = {
    "one answer cell per function, grade_id = the function's name, followed by its locked test cell": (
        "tests/test_course_consistency.py::test_each_answer_cell_is_followed_by_its_test_cell",
        "tests/test_grading.py::test_renamed_function_is_explained",
    ),
    "hidden tests live in autograder/, never in release/": (
        "tests/test_course_consistency.py::test_release_has_no_solutions_hidden_tests_or_outputs",
    ),
    "random inputs are seeded: the same submission gets the same score": (
        "tests/test_grading.py::test_same_submission_same_score",
    ),
    "inputs are never mutated (a changed input fails the test)": (
        "tests/test_sandbox.py::test_mutation_warnings_and_output_are_reported",
    ),
    "no function prints or warns (a RuntimeWarning counts)": (
        "tests/test_sandbox.py::test_mutation_warnings_and_output_are_reported",
    ),
    "no function reads files": ("tests/test_red_team.py::test_sandbox_cannot_read_grader_files",),
    "answer cells may import only numpy and math": (
        "tests/test_static_rules.py::test_imports_and_refused_builtins",
        "tests/test_student_view.py::test_a_helper_cell_that_breaks_a_rule_costs_only_the_functions_that_use_it",
    ),
    "a restriction forbids the routine under any name (alias, another cell, getattr)": (
        "tests/test_static_rules.py::test_forbidden_products_are_caught_under_any_name",
        "tests/test_static_rules.py::test_an_alias_in_another_answer_cell_is_caught",
        "tests/test_static_rules.py::test_eigensolvers_are_caught_under_any_name",
        "tests/test_red_team.py::test_forbidden_api_through_getattr_scores_zero",
        "tests/test_student_view.py::test_forbidden_routines_are_refused_under_any_name",
    ),
    "names the student binds for their own variables are theirs": (
        "tests/test_static_rules.py::test_names_the_student_binds_are_theirs",
        "tests/test_student_view.py::test_names_the_student_binds_are_not_a_rule_break",
    ),
    "a function's visible check and make check fail with the grader's reason for a rule break": (
        "tests/test_student_view.py::test_a_rule_break_fails_in_the_notebook_in_make_check_and_in_the_grader",
    ),
    "cells the student adds are part of the submission and obey the same rules": (
        "tests/test_student_view.py::test_helper_cells_are_graded_with_the_functions_that_use_them",
        "tests/test_static_rules.py::test_an_alias_in_an_added_cell_and_a_helper_chain_are_caught",
    ),
    "each assignment is out of 100, with a manually graded written answer": (
        "tests/test_course_consistency.py::test_points_match_the_notebook",
    ),
    "a correct reference notebook scores every autograded point": (
        "tests/test_grading.py::test_source_notebook_scores_every_autograded_point",
    ),
}

LISTS = "accepts lists (array-likes, converted with np.asarray)"
READONLY = "read-only inputs are never written"
FLOAT = "returns a Python/numpy float"
FLOAT64 = "returns a float64 array for float64 input"

CLAUSES: dict[str, dict[str, dict[str, Targets]]] = {
    "m1_1_math": {
        "dot": {
            "Σ u_i v_i of two 1-D vectors of equal length": ("dot_random",),
            FLOAT: ("dot_lists", "dot_random"),
            "ValueError if not 1-D": ("dot_errors",),
            "ValueError if the lengths differ": ("dot_errors",),
            LISTS: ("dot_lists",),
            READONLY: ("dot_no_mutation",),
            "numpy's product routines refused (np.dot, np.matmul, np.inner, np.vdot, np.vecdot, np.matvec, "
            "np.vecmat, np.einsum, np.tensordot, np.linalg.matmul/vecdot/tensordot/multi_dot)": ("rules:dot",),
            "ndarray.dot refused": ("rules:dot",),
            "the @ operator refused": ("rules:dot",),
        },
        "matmul": {
            "(n,k)·(k,m) → (n,m)": ("matmul_random", "matmul_identities"),
            FLOAT64: ("matmul_lists", "matmul_random"),
            "ValueError if not 2-D": ("matmul_errors",),
            "ValueError if the inner sizes differ": ("matmul_errors",),
            LISTS: ("matmul_lists",),
            READONLY: ("matmul_no_mutation",),
            "same restrictions as dot: numpy's product routines refused": ("rules:matmul",),
            "ndarray.dot refused": ("rules:matmul",),
            "the @ operator refused": ("rules:matmul",),
        },
        "cosine_similarity": {
            "u·v / (‖u‖‖v‖) → float": ("cosine_random", "cosine_scale_invariant"),
            "always inside [-1, 1] exactly (rounding clipped)": ("cosine_bounded",),
            "ValueError on a zero vector (all entries exactly 0)": ("cosine_errors",),
            "ValueError on a length mismatch": ("cosine_errors",),
            "a small non-zero vector (entries around 1e-9) is valid": ("cosine_small",),
            LISTS: ("cosine_readonly",),
            READONLY: ("cosine_readonly",),
        },
        "power_iteration": {
            "dominant (largest-magnitude) eigenpair of a square symmetric matrix → (eigenvalue, eigenvector)": (
                "power_random",
                "power_diagonal",
            ),
            "the eigenvector unit-norm, either sign, within 1e-6 per element": ("power_random",),
            "a negative dominant eigenvalue is returned negative": ("power_negative",),
            "deterministic": ("power_deterministic",),
            "ValueError if not square": ("power_errors",),
            LISTS: ("power_no_mutation",),
            READONLY: ("power_no_mutation",),
            "np.linalg.eig, eigh, eigvals, eigvalsh, svd refused under any name (private modules included)": (
                "rules:power_iteration",
            ),
        },
        "pca": {
            "components (k,d): orthonormal rows, covariance eigenvectors by decreasing variance, any sign": (
                "pca_random",
            ),
            "projected (n,k) = (X − mean) · componentsᵀ": ("pca_random",),
            "k = 1 and k = d": ("pca_extremes",),
            "ValueError unless 1 ≤ k ≤ d": ("pca_errors",),
            LISTS: ("pca_no_mutation",),
            READONLY: ("pca_no_mutation",),
        },
        "numerical_gradient": {
            "central differences (f(x+h·e_i) − f(x−h·e_i)) / 2h": ("numgrad_vector",),
            "x of any shape → array shaped like x": ("numgrad_shapes",),
            "uses the step h": ("numgrad_step",),
            "works on a copy: x never written, even temporarily (it may be read-only, and f may read it)": (
                "numgrad_readonly",
            ),
        },
        "gradient_descent": {
            "the path: row t+1 = row t − lr·grad_f(row t)": ("gd_bowl",),
            "shape (num_steps+1, *x0.shape), row 0 is x0": ("gd_first_row", "gd_matrix"),
            LISTS: ("gd_readonly",),
            READONLY: ("gd_readonly",),
        },
        "sigmoid_neuron_grad": {
            "(dy_dw, dy_db) of y = σ(w·x + b) by the chain rule": (
                "neuron_random",
                "neuron_finite_differences",
                "neuron_zero_weights",
            ),
            "dy_dw shaped like w, dy_db a float": ("neuron_random",),
            "finite and warning-free when w·x + b reaches ±1e4": ("neuron_extremes",),
            LISTS: ("neuron_readonly",),
            READONLY: ("neuron_readonly",),
        },
        "sigmoid_chain_grad": {
            "d/dx of σ applied depth times → float": ("chain_depth_one", "chain_deep"),
            "shows vanishing gradients": ("chain_vanishes",),
            "finite and warning-free for |x| up to 1e4": ("chain_extremes",),
            "ValueError if depth < 1": ("chain_errors",),
        },
        "bayes_posterior": {
            "P(A_i given B) normalised by P(B) = Σ P(B given A_i)P(A_i)": ("bayes_random", "bayes_known"),
            "ValueError if the prior is negative": ("bayes_bad_prior",),
            "ValueError if the prior does not sum to 1 (±1e-8)": ("bayes_bad_prior",),
            "ValueError if the shapes differ": ("bayes_shape_mismatch",),
            "ValueError if P(B) = 0": ("bayes_zero_evidence",),
            LISTS: ("bayes_known",),
            READONLY: ("bayes_known",),
        },
        "entropy": {
            "−Σ p_i ln p_i in nats": ("entropy_random", "entropy_uniform"),
            "0·ln 0 = 0 (without warnings)": ("entropy_zeros",),
            "ValueError unless p is a probability vector (non-negative, sums to 1 ± 1e-6)": ("entropy_errors",),
            LISTS: ("entropy_zeros", "entropy_errors"),
            READONLY: ("entropy_uniform",),
        },
        "cross_entropy": {
            "−Σ p_i ln max(q_i, eps)": ("ce_random", "ce_one_hot"),
            "floors q at eps, using the eps argument": ("ce_eps",),
            "ValueError on a shape mismatch": ("ce_shape",),
            LISTS: ("ce_readonly",),
            READONLY: ("ce_readonly",),
        },
        "kl_divergence": {
            "Σ p_i ln(p_i / max(q_i, eps)) over p_i > 0": ("kl_random", "kl_zeros", "kl_identity"),
            "zero when p = q": ("kl_identical",),
            LISTS: ("kl_readonly",),
            READONLY: ("kl_readonly",),
        },
    },
    "m1_2_classical_ml": {
        "LEARNING_PARADIGMS": {
            "each scenario key → 'supervised', 'unsupervised' or 'self-supervised'": tuple(
                f"classifies the scenario [{key}]" for key in SCENARIOS
            ),
        },
        "mse_loss": {
            "mean of squared errors over all elements → float": ("mse_random", "mse_lists"),
            "ValueError on a shape mismatch": ("mse_errors",),
            LISTS: ("mse_lists",),
            READONLY: ("mse_readonly",),
        },
        "mse_grad": {
            "2(y_pred − y_true)/N, N the number of elements, shaped like y_pred": (
                "mse_grad_vector",
                "mse_grad_shapes",
            ),
            LISTS: ("mse_grad_readonly",),
            READONLY: ("mse_grad_readonly",),
        },
        "softmax_cross_entropy": {
            "(loss, dlogits): mean cross-entropy over the batch": ("ce_loss_random", "ce_shift"),
            "dlogits = (softmax − one-hot)/N": ("ce_grad_random",),
            "finite, warning-free for logits up to ±1e4": ("ce_large_logits",),
            "ValueError for labels out of range (negative ones included)": ("ce_label_range",),
            "ValueError for a batch-size mismatch": ("ce_batch_mismatch",),
            LISTS: ("ce_readonly",),
            READONLY: ("ce_readonly",),
        },
        "sgd_step": {
            "w − lr·grad, as a new array": ("sgd_single", "sgd_torch", "sgd_readonly"),
            LISTS: ("sgd_readonly",),
            READONLY: ("sgd_readonly",),
        },
        "rmsprop_step": {
            "cache' = decay·cache + (1−decay)·grad²; w' = w − lr·grad / (√cache' + eps)": ("rmsprop_single",),
            "matches torch.optim.RMSprop step for step": ("rmsprop_torch_defaults", "rmsprop_torch_varied"),
            LISTS: ("rmsprop_readonly",),
            READONLY: ("rmsprop_readonly",),
        },
        "adam_step": {
            "m', v' and the bias-corrected update, t the 1-based step number": ("adam_single",),
            "matches torch.optim.Adam step for step over long runs": ("adam_torch_defaults", "adam_torch_varied"),
            "ValueError if t < 1": ("adam_errors",),
            LISTS: ("adam_readonly",),
            READONLY: ("adam_readonly",),
        },
        "train_linear_model": {
            "full-batch minimisation of J from w = 0 with the named optimizer's own step function": (
                "follows the reference path for 30 steps [sgd]",
                "follows the reference path for 30 steps [rmsprop]",
                "follows the reference path for 30 steps [adam]",
            ),
            "losses[t] = J before step t, a float64 array of length num_steps": ("train_records_before_step",),
            "reaches J within 1% of the optimum on well-conditioned data": (
                "reaches within 1% of the optimum [sgd]",
                "reaches within 1% of the optimum [rmsprop]",
                "reaches within 1% of the optimum [adam-default-lr]",
                "reaches within 1% of the optimum [adam-l2]",
            ),
            "λ = l2 in J": ("train_l2_reference", "reaches within 1% of the optimum [adam-l2]"),
            "ValueError for an unknown optimizer, even when num_steps = 0": ("train_errors",),
            LISTS: ("train_readonly",),
            READONLY: ("train_readonly",),
        },
        "l1_penalty": {
            "λ·Σ |w_j| over every entry of w, whatever its shape → float": (
                "penalty_random_shapes",
                "penalty_lam_scaling",
            ),
            LISTS: ("penalty_lam_scaling",),
            READONLY: ("penalty_readonly",),
        },
        "l2_penalty": {
            "λ·Σ w_j² over every entry of w → float (no factor ½)": ("penalty_random_shapes", "penalty_lam_scaling"),
            LISTS: ("penalty_lam_scaling",),
            READONLY: ("penalty_readonly",),
        },
        "ridge_closed_form": {
            "the minimiser of J with λ = lam, in closed form → (d,)": ("ridge_optimality", "ridge_reference"),
            "lam = 0 with n > d": ("ridge_least_squares",),
            "lam > 0 with more features than samples": ("ridge_wide",),
            LISTS: ("ridge_readonly",),
            READONLY: ("ridge_readonly",),
        },
        "polynomial_features": {
            "x (n,) → (n, degree+1) with columns x⁰ … x^degree": (
                "poly_random",
                "poly_degree_zero",
                "poly_zeros_negatives",
            ),
            LISTS: ("poly_readonly",),
            READONLY: ("poly_readonly",),
        },
    },
    "m1_3_neural_nets": {
        "perceptron_predict": {
            "1 where X·w + b > 0 else 0": ("predict_random", "predict_boundary"),
            "(n,) array of integer dtype (not bool, not float)": ("predict_dtype",),
            LISTS: ("predict_readonly",),
            READONLY: ("predict_readonly",),
        },
        "perceptron_train": {
            "the exact (w, b) of the stated update rule, samples in order, from w = 0, b = 0": (
                "train_integer_sets",
                "train_float_sets",
            ),
            "uses lr": ("train_float_sets",),
            "stops after an epoch without mistakes or after max_epochs": ("train_max_epochs", "train_separates"),
            "w float64 (d,), b a float": ("train_types",),
            LISTS: ("train_readonly",),
            READONLY: ("train_readonly",),
        },
        "sigmoid": {
            "1/(1+e^−x) elementwise": ("sigmoid_random",),
            "in [0,1], finite and warning-free for |x| up to 1e4": ("sigmoid_extremes",),
            FLOAT64: ("sigmoid_random",),
            LISTS: ("sigmoid_readonly",),
            READONLY: ("sigmoid_readonly",),
        },
        "sigmoid_grad": {
            "σ(x)(1 − σ(x))": ("sigmoid_grad_autograd", "sigmoid_grad_shape"),
            "finite and warning-free for |x| up to 1e4": ("sigmoid_grad_extremes",),
            LISTS: ("sigmoid_grad_shape",),
            READONLY: ("sigmoid_grad_extremes",),
        },
        "relu": {
            "max(0, x) elementwise": ("relu_random", "relu_values"),
            LISTS: ("relu_values",),
            READONLY: ("relu_readonly",),
        },
        "relu_grad": {
            "1 where x > 0 else 0": ("relu_grad_autograd",),
            "0 at x = 0, as PyTorch": ("relu_grad_zero",),
            FLOAT64: ("relu_grad_dtype",),
            LISTS: ("relu_grad_dtype",),
            READONLY: ("relu_grad_dtype",),
        },
        "gelu": {
            "'none': x·Φ(x), matches torch.nn.functional.gelu": ("gelu_exact",),
            "'tanh': the tanh approximation, matches torch.nn.functional.gelu": ("gelu_tanh",),
            "approximate defaults to 'none'": ("gelu_default_and_extremes",),
            "uses its approximate argument": ("gelu_uses_approximate",),
            "ValueError for another approximate": ("gelu_errors",),
            LISTS: ("gelu_errors",),
            READONLY: ("gelu_errors",),
        },
        "softmax": {
            "softmax along axis, default the last, matches torch.softmax": ("softmax_default_axis",),
            "any number of dimensions, any axis": ("softmax_axes",),
            "sums to 1 along that axis": ("softmax_properties",),
            "finite and warning-free for |z| up to 1e4": ("softmax_extremes",),
            LISTS: ("softmax_readonly",),
            READONLY: ("softmax_readonly",),
        },
        "affine_forward": {
            "x (n,d), W (d,m), b (m,) → x·W + b (n,m)": ("affine_forward_random",),
            LISTS: ("affine_forward_lists",),
            READONLY: ("affine_forward_readonly",),
        },
        "affine_backward": {
            "dx shaped like x": ("affine_backward_dx", "affine_backward_central_differences"),
            "dW shaped like W": ("affine_backward_dW", "affine_backward_central_differences"),
            "db shaped like b": ("affine_backward_db", "affine_backward_central_differences"),
            LISTS: ("affine_backward_readonly",),
            READONLY: ("affine_backward_readonly",),
        },
        "relu_backward": {
            "dout where x > 0 else 0": ("relu_backward_autograd", "relu_backward_zero"),
            LISTS: ("relu_backward_readonly",),
            READONLY: ("relu_backward_readonly",),
        },
        "mlp_loss_and_grads": {
            "loss = mean softmax cross-entropy + reg·(ΣW1² + ΣW2²)": ("mlp_loss_values",),
            "grads a dict with the same keys and shapes, matching PyTorch autograd": (
                "mlp_grads_autograd",
                "mlp_grads_reg",
                "mlp_central_differences",
            ),
            "the number of classes is W2's width": ("mlp_class_count",),
            "matches PyTorch autograd where a pre-activation is exactly 0": ("mlp_relu_at_zero",),
            "the loss stays finite and warning-free when scores reach ±1e4": ("mlp_extreme_scores",),
            LISTS: ("mlp_readonly",),
            READONLY: ("mlp_readonly",),
        },
        "train_mlp": {
            "≥ 95% training accuracy on spirals of up to one turn": ("train_mlp_spirals",),
            "≥ 95% on circles": ("train_mlp_circles",),
            "≥ 95% on XOR": ("train_mlp_xor",),
            "params W1 (2,h), b1, W2 (h,C), b2 with C = y.max() + 1": ("train_mlp_shapes",),
            "deterministic for a seed": ("train_mlp_deterministic",),
            LISTS: ("train_mlp_shapes",),
            READONLY: ("train_mlp_shapes",),
        },
        "batch_norm_forward": {
            "normalise over the batch axis with the biased variance, then γ·x̂ + β; matches PyTorch": (
                "batch_norm_random",
                "batch_norm_statistics",
            ),
            "uses eps inside the square root": ("batch_norm_eps",),
            "n ≥ 2, a constant feature": ("batch_norm_edge",),
            "accurate for features with a large mean (1e6 plus unit noise)": ("batch_norm_large_mean",),
            LISTS: ("batch_norm_readonly",),
            READONLY: ("batch_norm_readonly",),
        },
        "layer_norm_forward": {
            "normalise over the last axis with the biased variance, then γ·x̂ + β; matches PyTorch": (
                "layer_norm_2d",
                "layer_norm_independent",
            ),
            "any number of dimensions (…, d)": ("layer_norm_ranks",),
            "uses eps inside the square root": ("layer_norm_eps",),
            LISTS: ("layer_norm_readonly",),
            READONLY: ("layer_norm_readonly",),
        },
    },
    "m1_4_architectures": {
        "conv2d": {
            "cross-correlation with zero padding, matches torch.nn.functional.conv2d": (
                "matches_torch_without_stride_or_padding",
                "matches_torch_on_non_square_kernels_and_inputs",
            ),
            "H′ = (H + 2·padding − KH)//stride + 1": ("matches_torch_over_strides_and_paddings", "handles_edge_cases"),
            "uses stride": (
                "uses its stride and padding arguments: two values of either give different results [stride]",
            ),
            "uses padding": (
                "uses its stride and padding arguments: two values of either give different results [padding]",
            ),
            "fast enough for N=8, C=8, F=16, 32×32, 3×3 within 10 s": ("is_fast_and_leaves_read_only_inputs_alone",),
            "ValueError on a channel mismatch": ("raises_value_error_on_bad_shapes",),
            "ValueError on a kernel larger than the padded input in either dimension": (
                "raises_value_error_on_bad_shapes",
            ),
            LISTS: ("handles_edge_cases",),
            READONLY: ("is_fast_and_leaves_read_only_inputs_alone",),
            "np.convolve, np.correlate and np.fft refused": ("rules:conv2d",),
        },
        "max_pool2d": {
            "matches torch.nn.functional.max_pool2d, no padding": (
                "matches_torch_with_the_default_stride",
                "matches_torch_on_non_square_inputs",
            ),
            "stride defaults to kernel_size": ("matches_torch_with_the_default_stride",),
            "uses stride": ("uses_its_stride", "matches_torch_with_overlapping_and_gapped_strides"),
            "all-negative inputs": ("works_on_all_negative_inputs",),
            LISTS: ("works_on_all_negative_inputs",),
            READONLY: ("works_on_all_negative_inputs",),
        },
        "rnn_step": {
            "tanh(x_t·Wx + h_prev·Wh + b), matches torch.nn.RNNCell": ("matches_torch_rnn_cell",),
            "uses every term (input, previous state, bias)": ("uses_every_term",),
            "finite and warning-free for large pre-activations": ("saturates_without_warnings",),
            LISTS: ("accepts_lists_and_read_only_inputs",),
            READONLY: ("accepts_lists_and_read_only_inputs",),
        },
        "rnn_forward": {
            "x (N,T,D) → every hidden state (N,T,H), matches torch.nn.RNN(batch_first=True)": (
                "matches_torch_rnn",
                "carries_the_state_through_long_sequences",
                "returns_one_state_for_a_single_step",
            ),
            "starts from h0": ("uses_h0", "returns_one_state_for_a_single_step"),
            LISTS: ("accepts_lists_and_read_only_inputs",),
            READONLY: ("accepts_lists_and_read_only_inputs",),
        },
        "lstm_step": {
            "gates i, f, g, o in that order": ("reads_the_gates_in_order",),
            "c = σ(f)⊙c_prev + σ(i)⊙tanh(g), matches torch.nn.LSTMCell": ("cell_state_matches_torch",),
            "h = σ(o)⊙tanh(c), matches torch.nn.LSTMCell": ("hidden_state_matches_torch",),
            "returns (h, c)": ("returns_h_then_c",),
            "uses h_prev and c_prev": ("uses_the_previous_state",),
            "finite and warning-free when pre-activations reach ±1e4": ("stays_finite_for_huge_pre_activations",),
            LISTS: ("accepts_lists_and_read_only_inputs",),
            READONLY: ("accepts_lists_and_read_only_inputs",),
        },
        "lstm_forward": {
            "x (N,T,D) → every hidden state (N,T,H), matches torch.nn.LSTM(batch_first=True)": (
                "matches_torch_lstm",
                "handles_a_single_step_and_a_long_sequence",
            ),
            "starts from h0 and c0": ("uses_the_initial_state",),
            "stable as lstm_step (pre-activations of ±1e4)": ("stays_finite_for_huge_pre_activations",),
            LISTS: ("accepts_lists_and_read_only_inputs",),
            READONLY: ("accepts_lists_and_read_only_inputs",),
        },
        "scaled_dot_product_attention": {
            "(output, weights) with weights = softmax(Q·Kᵀ/√D), matches torch": (
                "matches_torch_on_2d_inputs",
                "handles_different_widths_and_lengths",
            ),
            "leading dimensions shared by Q, K and V": ("handles_leading_dimensions",),
            "boolean mask broadcastable to (…,Tq,Tk), True = may attend": (
                "applies_broadcast_masks",
                "gives_no_weight_to_future_keys",
            ),
            "uses the mask": ("uses_the_mask",),
            "finite and warning-free for large scores": ("stays_finite_for_huge_scores",),
            LISTS: ("accepts_lists_and_read_only_inputs",),
            READONLY: ("accepts_lists_and_read_only_inputs",),
        },
    },
}
