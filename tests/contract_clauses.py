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

from autograder.suites.m1_2_classical_ml.data import SCENARIOS

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
            "Σ u_i v_i of two 1-D vectors of equal length": ("test_agrees_with_the_sum_of_products",),
            FLOAT: ("test_accepts_lists_and_returns_a_float", "test_agrees_with_the_sum_of_products"),
            "ValueError if not 1-D": (
                "test_raises_value_error_for_bad_shapes",
                "test_accepts_only_two_vectors_of_one_length",
            ),
            "ValueError if the lengths differ": (
                "test_raises_value_error_for_bad_shapes",
                "test_accepts_only_two_vectors_of_one_length",
            ),
            LISTS: ("test_accepts_lists_and_returns_a_float",),
            READONLY: ("test_leaves_read_only_inputs_untouched",),
            "numpy's product routines refused (np.dot, np.matmul, np.inner, np.vdot, np.vecdot, np.matvec, "
            "np.vecmat, np.einsum, np.tensordot, np.linalg.matmul/vecdot/tensordot/multi_dot)": ("rules:dot",),
            "ndarray.dot refused": ("rules:dot",),
            "the @ operator refused": ("rules:dot",),
        },
        "matmul": {
            "(n,k)·(k,m) → (n,m)": (
                "test_agrees_with_the_matrix_product",
                "test_satisfies_the_identity_and_transpose_rules",
            ),
            FLOAT64: ("test_accepts_nested_lists_and_returns_float64", "test_agrees_with_the_matrix_product"),
            "ValueError if not 2-D": (
                "test_raises_value_error_for_bad_shapes",
                "test_accepts_only_matrices_of_matching_inner_size",
            ),
            "ValueError if the inner sizes differ": (
                "test_raises_value_error_for_bad_shapes",
                "test_accepts_only_matrices_of_matching_inner_size",
            ),
            LISTS: ("test_accepts_nested_lists_and_returns_float64",),
            READONLY: ("test_leaves_read_only_inputs_untouched",),
            "same restrictions as dot: numpy's product routines refused": ("rules:matmul",),
            "ndarray.dot refused": ("rules:matmul",),
            "the @ operator refused": ("rules:matmul",),
        },
        "cosine_similarity": {
            "u·v / (‖u‖‖v‖) → float": ("test_agrees_with_the_normalised_product", "test_ignores_positive_scaling"),
            "always inside [-1, 1] exactly (rounding clipped)": ("test_stays_inside_minus_one_and_one",),
            "ValueError on a zero vector (all entries exactly 0)": (
                "test_raises_value_error_for_zero_or_mismatched_vectors",
            ),
            "ValueError on a length mismatch": ("test_raises_value_error_for_zero_or_mismatched_vectors",),
            "a small non-zero vector (entries around 1e-9) is valid": ("test_handles_small_vectors",),
            LISTS: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
            READONLY: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
        },
        "power_iteration": {
            "dominant (largest-magnitude) eigenpair of a square symmetric matrix → (eigenvalue, eigenvector)": (
                "test_finds_the_dominant_eigenpair",
                "test_handles_a_diagonal_matrix",
            ),
            "the eigenvector unit-norm, either sign, within 1e-6 per element": ("test_finds_the_dominant_eigenpair",),
            "a negative dominant eigenvalue is returned negative": ("test_keeps_a_negative_eigenvalue_negative",),
            "deterministic": ("test_is_deterministic",),
            "ValueError if not square": ("test_raises_value_error_for_a_matrix_that_is_not_square",),
            LISTS: ("test_accepts_a_nested_list_and_leaves_a_read_only_matrix_untouched",),
            READONLY: ("test_accepts_a_nested_list_and_leaves_a_read_only_matrix_untouched",),
            "np.linalg.eig, eigh, eigvals, eigvalsh, svd refused under any name (private modules included)": (
                "rules:power_iteration",
            ),
        },
        "pca": {
            "components (k,d): orthonormal rows, covariance eigenvectors by decreasing variance, any sign": (
                "test_recovers_the_top_components",
            ),
            "projected (n,k) = (X − mean) · componentsᵀ": ("test_recovers_the_top_components",),
            "k = 1 and k = d": ("test_works_for_one_component_and_for_all",),
            "ValueError unless 1 ≤ k ≤ d": ("test_raises_value_error_unless_k_is_between_1_and_d",),
            LISTS: ("test_accepts_a_nested_list_and_leaves_read_only_data_untouched",),
            READONLY: ("test_accepts_a_nested_list_and_leaves_read_only_data_untouched",),
        },
        "numerical_gradient": {
            "central differences (f(x+h·e_i) − f(x−h·e_i)) / 2h": ("test_matches_the_exact_gradient_of_a_vector",),
            "x of any shape → array shaped like x": ("test_works_for_inputs_of_any_shape",),
            "uses the step h": ("test_uses_the_step_it_is_given",),
            "works on a copy: x never written, even temporarily (it may be read-only, and f may read it)": (
                "test_never_writes_to_x",
            ),
        },
        "gradient_descent": {
            "the path: row t+1 = row t − lr·grad_f(row t)": ("test_follows_the_exact_path_on_a_quadratic_bowl",),
            "shape (num_steps+1, *x0.shape), row 0 is x0": (
                "test_starts_at_x0_and_allows_zero_steps",
                "test_works_when_x0_is_a_matrix",
            ),
            LISTS: ("test_accepts_a_list_and_leaves_a_read_only_x0_untouched",),
            READONLY: ("test_accepts_a_list_and_leaves_a_read_only_x0_untouched",),
        },
        "sigmoid_neuron_grad": {
            "(dy_dw, dy_db) of y = σ(w·x + b) by the chain rule": (
                "test_matches_the_chain_rule",
                "test_agrees_with_finite_differences",
                "test_with_zero_weights_is_the_bias_derivative",
            ),
            "dy_dw shaped like w, dy_db a float": ("test_matches_the_chain_rule",),
            "finite and warning-free when w·x + b reaches ±1e4": ("test_stays_finite_and_warning_free_at_extremes",),
            LISTS: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
            READONLY: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
        },
        "sigmoid_chain_grad": {
            "d/dx of σ applied depth times → float": (
                "test_with_depth_one_is_the_derivative_of_sigma",
                "test_multiplies_the_local_derivatives",
            ),
            "shows vanishing gradients": ("test_shrinks_towards_zero_with_depth",),
            "finite and warning-free for |x| up to 1e4": ("test_stays_finite_and_warning_free_at_extremes",),
            "ValueError if depth < 1": ("test_raises_value_error_for_depth_below_one",),
        },
        "bayes_posterior": {
            "P(A_i given B) normalised by P(B) = Σ P(B given A_i)P(A_i)": (
                "test_normalises_prior_times_likelihood",
                "test_solves_the_disease_test_example",
            ),
            "ValueError if the prior is negative": ("test_raises_value_error_for_an_invalid_prior",),
            "ValueError if the prior does not sum to 1 (±1e-8)": ("test_raises_value_error_for_an_invalid_prior",),
            "ValueError if the shapes differ": ("test_raises_value_error_when_the_shapes_differ",),
            "ValueError if P(B) = 0": ("test_raises_value_error_when_the_evidence_is_zero",),
            LISTS: ("test_solves_the_disease_test_example",),
            READONLY: ("test_solves_the_disease_test_example",),
        },
        "entropy": {
            "−Σ p_i ln p_i in nats": ("test_matches_minus_sum_of_p_ln_p", "test_is_ln_k_for_a_uniform_distribution"),
            "0·ln 0 = 0 (without warnings)": ("test_counts_zero_probabilities_as_zero",),
            "ValueError unless p is a probability vector (non-negative, sums to 1 ± 1e-6)": (
                "test_raises_value_error_unless_p_is_a_distribution",
            ),
            LISTS: ("test_counts_zero_probabilities_as_zero", "test_raises_value_error_unless_p_is_a_distribution"),
            READONLY: ("test_is_ln_k_for_a_uniform_distribution",),
        },
        "cross_entropy": {
            "−Σ p_i ln max(q_i, eps)": ("test_matches_minus_sum_of_p_ln_q", "test_with_a_one_hot_target_is_minus_ln_q"),
            "floors q at eps, using the eps argument": ("test_floors_q_at_eps",),
            "ValueError on a shape mismatch": ("test_raises_value_error_on_a_shape_mismatch",),
            LISTS: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
            READONLY: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
        },
        "kl_divergence": {
            "Σ p_i ln(p_i / max(q_i, eps)) over p_i > 0": (
                "test_matches_sum_of_p_ln_p_over_q",
                "test_skips_zero_p_and_floors_q_at_eps",
                "test_is_the_gap_between_h_pq_and_h_p",
            ),
            "zero when p = q": ("test_is_zero_when_p_equals_q",),
            LISTS: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
            READONLY: ("test_accepts_lists_and_leaves_read_only_inputs_untouched",),
        },
    },
    "m1_2_classical_ml": {
        "LEARNING_PARADIGMS": {
            "each scenario key → 'supervised', 'unsupervised' or 'self-supervised'": tuple(
                f"classifies the scenario [{key}]" for key in SCENARIOS
            ),
        },
        "mse_loss": {
            "mean of squared errors over all elements → float": (
                "matches_the_mean_squared_error",
                "accepts_lists_and_is_zero_for_a_perfect_prediction",
            ),
            "ValueError on a shape mismatch": ("rejects_different_shapes",),
            LISTS: ("accepts_lists_and_is_zero_for_a_perfect_prediction",),
            READONLY: ("leaves_readonly_inputs_untouched",),
        },
        "mse_grad": {
            "2(y_pred − y_true)/N, N the number of elements, shaped like y_pred": (
                "matches_torch_autograd_on_vectors",
                "divides_by_the_number_of_elements",
            ),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "softmax_cross_entropy": {
            "(loss, dlogits): mean cross-entropy over the batch": (
                "loss_matches_torch",
                "is_unchanged_by_shifting_a_row",
            ),
            "dlogits = (softmax − one-hot)/N": ("gradient_matches_torch_autograd",),
            "finite, warning-free for logits up to ±1e4": ("stays_finite_for_large_logits",),
            "ValueError for labels out of range (negative ones included)": ("rejects_labels_out_of_range",),
            "ValueError for a batch-size mismatch": ("rejects_a_batch_size_mismatch",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "sgd_step": {
            "w − lr·grad, as a new array": (
                "steps_against_the_gradient",
                "matches_torch_over_120_steps",
                "accepts_lists_and_readonly_inputs",
            ),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "rmsprop_step": {
            "cache' = decay·cache + (1−decay)·grad²; w' = w − lr·grad / (√cache' + eps)": (
                "one_step_matches_the_formula",
            ),
            "matches torch.optim.RMSprop step for step": (
                "matches_torch_with_the_default_settings",
                "matches_torch_with_varied_settings",
            ),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "adam_step": {
            "m', v' and the bias-corrected update, t the 1-based step number": ("one_step_matches_the_formula",),
            "matches torch.optim.Adam step for step over long runs": (
                "matches_torch_with_the_default_settings",
                "matches_torch_with_varied_settings",
            ),
            "ValueError if t < 1": ("rejects_a_step_number_below_one",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "train_linear_model": {
            "full-batch minimisation of J from w = 0 with the named optimizer's own step function": (
                "follows the reference path for 30 steps [sgd]",
                "follows the reference path for 30 steps [rmsprop]",
                "follows the reference path for 30 steps [adam]",
            ),
            "losses[t] = J before step t, a float64 array of length num_steps": ("records_the_loss_before_each_step",),
            "reaches J within 1% of the optimum on well-conditioned data": (
                "reaches within 1% of the optimum [sgd]",
                "reaches within 1% of the optimum [rmsprop]",
                "reaches within 1% of the optimum [adam-default-lr]",
                "reaches within 1% of the optimum [adam-l2]",
            ),
            "λ = l2 in J": ("follows_the_reference_path_with_l2", "reaches within 1% of the optimum [adam-l2]"),
            "ValueError for an unknown optimizer, even when num_steps = 0": ("rejects_an_unknown_optimizer",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "l1_penalty": {
            "λ·Σ |w_j| over every entry of w, whatever its shape → float": (
                "matches_the_definition_summing_every_entry",
                "scales_with_lam_and_handles_negative_weights",
            ),
            LISTS: ("scales_with_lam_and_handles_negative_weights",),
            READONLY: ("leaves_a_readonly_input_untouched",),
        },
        "l2_penalty": {
            "λ·Σ w_j² over every entry of w → float (no factor ½)": (
                "matches_the_definition_summing_every_entry",
                "scales_with_lam_and_handles_negative_weights",
            ),
            LISTS: ("scales_with_lam_and_handles_negative_weights",),
            READONLY: ("leaves_a_readonly_input_untouched",),
        },
        "ridge_closed_form": {
            "the minimiser of J with λ = lam, in closed form → (d,)": (
                "satisfies_the_optimality_condition",
                "agrees_with_the_reference",
                "minimises_j_for_any_small_shape",
            ),
            "lam = 0 with n > d": ("gives_least_squares_when_lam_is_zero",),
            "lam > 0 with more features than samples": ("minimises_j_for_any_small_shape",),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
        },
        "polynomial_features": {
            "x (n,) → (n, degree+1) with columns x⁰ … x^degree": (
                "matches_the_increasing_vandermonde_matrix",
                "degree_zero_is_a_column_of_ones",
                "handles_zeros_and_negative_inputs",
            ),
            LISTS: ("accepts_lists_and_readonly_inputs",),
            READONLY: ("accepts_lists_and_readonly_inputs",),
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
