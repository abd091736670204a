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
            "1 where X·w + b > 0 else 0": ("matches_the_sign_of_the_score", "puts_boundary_points_in_class_0"),
            "(n,) array of integer dtype (not bool, not float)": ("returns_an_integer_array",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "perceptron_train": {
            "the exact (w, b) of the stated update rule, samples in order, from w = 0, b = 0": (
                "learns_the_rule_on_integer_sets",
                "learns_the_rule_on_float_sets_with_other_rates",
            ),
            "uses lr": ("learns_the_rule_on_float_sets_with_other_rates",),
            "stops after an epoch without mistakes or after max_epochs": (
                "stops_after_max_epochs",
                "separates_small_sets",
            ),
            "w float64 (d,), b a float": ("returns_float_weights_and_bias",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "sigmoid": {
            "1/(1+e^−x) elementwise": ("matches_torch_on_random_arrays",),
            "in [0,1], finite and warning-free for |x| up to 1e4": ("is_stable_for_huge_inputs",),
            FLOAT64: ("matches_torch_on_random_arrays",),
            LISTS: ("accepts_lists_and_readonly_input",),
            READONLY: ("accepts_lists_and_readonly_input",),
        },
        "sigmoid_grad": {
            "σ(x)(1 − σ(x))": ("matches_autograd", "peaks_at_a_quarter_and_is_even"),
            "finite and warning-free for |x| up to 1e4": ("is_stable_for_huge_readonly_inputs",),
            LISTS: ("peaks_at_a_quarter_and_is_even",),
            READONLY: ("is_stable_for_huge_readonly_inputs",),
        },
        "relu": {
            "max(0, x) elementwise": ("matches_torch_on_random_arrays", "keeps_zeros_and_large_positives"),
            LISTS: ("keeps_zeros_and_large_positives",),
            READONLY: ("leaves_readonly_input_untouched",),
        },
        "relu_grad": {
            "1 where x > 0 else 0": ("matches_autograd",),
            "0 at x = 0, as PyTorch": ("is_zero_at_zero",),
            FLOAT64: ("returns_float64_from_lists_and_readonly_input",),
            LISTS: ("returns_float64_from_lists_and_readonly_input",),
            READONLY: ("returns_float64_from_lists_and_readonly_input",),
        },
        "gelu": {
            "'none': x·Φ(x), matches torch.nn.functional.gelu": ("exact_form_matches_torch",),
            "'tanh': the tanh approximation, matches torch.nn.functional.gelu": ("tanh_form_matches_torch",),
            "approximate defaults to 'none'": ("defaults_to_the_exact_form_and_is_stable",),
            "uses its approximate argument": ("uses_its_approximate_argument",),
            "ValueError for another approximate": ("rejects_unknown_approximations",),
            LISTS: ("rejects_unknown_approximations",),
            READONLY: ("rejects_unknown_approximations",),
        },
        "softmax": {
            "softmax along axis, default the last, matches torch.softmax": ("uses_the_last_axis_by_default",),
            "any number of dimensions, any axis": ("matches_torch_along_every_axis",),
            "sums to 1 along that axis": ("sums_to_one_and_ignores_a_shift",),
            "finite and warning-free for |z| up to 1e4": ("is_stable_for_huge_scores",),
            LISTS: ("accepts_lists_and_readonly_input",),
            READONLY: ("accepts_lists_and_readonly_input",),
        },
        "affine_forward": {
            "x (n,d), W (d,m), b (m,) → x·W + b (n,m)": ("matches_torch_linear",),
            LISTS: ("accepts_lists",),
            READONLY: ("leaves_readonly_inputs_untouched",),
        },
        "affine_backward": {
            "dx shaped like x": ("dx_matches_autograd", "agrees_with_central_differences"),
            "dW shaped like W": ("dW_matches_autograd", "agrees_with_central_differences"),
            "db shaped like b": ("db_matches_autograd", "agrees_with_central_differences"),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "relu_backward": {
            "dout where x > 0 else 0": ("matches_autograd", "blocks_the_gradient_at_zero"),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "mlp_loss_and_grads": {
            "loss = mean softmax cross-entropy + reg·(ΣW1² + ΣW2²)": ("loss_matches_cross_entropy_plus_penalty",),
            "grads a dict with the same keys and shapes, matching PyTorch autograd": (
                "gradients_match_autograd",
                "gradients_with_a_penalty_match_autograd",
                "gradients_agree_with_central_differences",
            ),
            "the number of classes is W2's width": ("takes_the_class_count_from_W2",),
            "matches PyTorch autograd where a pre-activation is exactly 0": (
                "gradients_match_autograd_at_a_zero_preactivation",
            ),
            "the loss stays finite and warning-free when scores reach ±1e4": ("stays_exact_for_huge_scores",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "train_mlp": {
            "≥ 95% training accuracy on spirals of up to one turn": ("fits_three_spirals",),
            "≥ 95% on circles": ("fits_concentric_circles",),
            "≥ 95% on XOR": ("fits_xor",),
            "params W1 (2,h), b1, W2 (h,C), b2 with C = y.max() + 1": (
                "sizes_the_layers_from_lists_and_readonly_arrays",
            ),
            "deterministic for a seed": ("is_deterministic_for_a_seed",),
            LISTS: ("sizes_the_layers_from_lists_and_readonly_arrays",),
            READONLY: ("sizes_the_layers_from_lists_and_readonly_arrays",),
        },
        "batch_norm_forward": {
            "normalise over the batch axis with the biased variance, then γ·x̂ + β; matches PyTorch": (
                "matches_torch_on_random_batches",
                "gives_every_feature_a_mean_of_beta",
            ),
            "uses eps inside the square root": ("puts_eps_inside_the_square_root",),
            "n ≥ 2, a constant feature": ("handles_two_rows_and_a_constant_feature",),
            "accurate for features with a large mean (1e6 plus unit noise)": ("stays_accurate_for_large_means",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "layer_norm_forward": {
            "normalise over the last axis with the biased variance, then γ·x̂ + β; matches PyTorch": (
                "matches_torch_on_2d_inputs",
                "normalises_each_example_independently",
            ),
            "any number of dimensions (…, d)": ("matches_torch_on_other_ranks",),
            "uses eps inside the square root": ("puts_eps_inside_the_square_root",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
    },
    "m1_4_architectures": {
        "conv2d": {
            "cross-correlation with zero padding, matches torch.nn.functional.conv2d": (
                "conv_basic",
                "conv_non_square",
            ),
            "H′ = (H + 2·padding − KH)//stride + 1": ("conv_stride_padding", "conv_edge_cases"),
            "uses stride": ("conv_uses_stride",),
            "uses padding": ("conv_uses_padding",),
            "fast enough for N=8, C=8, F=16, 32×32, 3×3 within 10 s": ("conv_speed",),
            "ValueError on a channel mismatch": ("conv_errors",),
            "ValueError on a kernel larger than the padded input in either dimension": ("conv_errors",),
            LISTS: ("conv_edge_cases",),
            READONLY: ("conv_speed",),
            "np.convolve, np.correlate and np.fft refused": ("rules:conv2d",),
        },
        "max_pool2d": {
            "matches torch.nn.functional.max_pool2d, no padding": ("pool_default_stride", "pool_non_square"),
            "stride defaults to kernel_size": ("pool_default_stride",),
            "uses stride": ("pool_uses_stride", "pool_explicit_stride"),
            "all-negative inputs": ("pool_negative",),
            LISTS: ("pool_negative",),
            READONLY: ("pool_negative",),
        },
        "rnn_step": {
            "tanh(x_t·Wx + h_prev·Wh + b), matches torch.nn.RNNCell": ("rnn_step_torch",),
            "uses every term (input, previous state, bias)": ("rnn_step_parts",),
            "finite and warning-free for large pre-activations": ("rnn_step_saturates",),
            LISTS: ("rnn_step_readonly",),
            READONLY: ("rnn_step_readonly",),
        },
        "rnn_forward": {
            "x (N,T,D) → every hidden state (N,T,H), matches torch.nn.RNN(batch_first=True)": (
                "rnn_forward_torch",
                "rnn_forward_long",
                "rnn_forward_single_step",
            ),
            "starts from h0": ("rnn_forward_uses_h0", "rnn_forward_single_step"),
            LISTS: ("rnn_forward_readonly",),
            READONLY: ("rnn_forward_readonly",),
        },
        "lstm_step": {
            "gates i, f, g, o in that order": ("lstm_step_gate_order",),
            "c = σ(f)⊙c_prev + σ(i)⊙tanh(g), matches torch.nn.LSTMCell": ("lstm_step_torch_c",),
            "h = σ(o)⊙tanh(c), matches torch.nn.LSTMCell": ("lstm_step_torch_h",),
            "returns (h, c)": ("lstm_step_returns",),
            "uses h_prev and c_prev": ("lstm_step_uses_state",),
            "finite and warning-free when pre-activations reach ±1e4": ("lstm_step_stable",),
            LISTS: ("lstm_step_readonly",),
            READONLY: ("lstm_step_readonly",),
        },
        "lstm_forward": {
            "x (N,T,D) → every hidden state (N,T,H), matches torch.nn.LSTM(batch_first=True)": (
                "lstm_forward_torch",
                "lstm_forward_lengths",
            ),
            "starts from h0 and c0": ("lstm_forward_uses_initial_state",),
            "stable as lstm_step (pre-activations of ±1e4)": ("lstm_forward_stable",),
            LISTS: ("lstm_forward_readonly",),
            READONLY: ("lstm_forward_readonly",),
        },
        "scaled_dot_product_attention": {
            "(output, weights) with weights = softmax(Q·Kᵀ/√D), matches torch": ("attn_plain", "attn_shapes"),
            "leading dimensions shared by Q, K and V": ("attn_batched",),
            "boolean mask broadcastable to (…,Tq,Tk), True = may attend": ("attn_masks", "attn_causal"),
            "uses the mask": ("attn_uses_mask",),
            "finite and warning-free for large scores": ("attn_stable",),
            LISTS: ("attn_readonly",),
            READONLY: ("attn_readonly",),
        },
    },
}
