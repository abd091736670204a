"""Hidden suite of m1_2_classical_ml: one pytest module per graded function or topic."""

from autograder.suites.assignment import Assignment

ASSIGNMENT = Assignment(
    id="m1_2_classical_ml",
    functions=tuple(
        [
            "LEARNING_PARADIGMS",
            "mse_loss",
            "mse_grad",
            "softmax_cross_entropy",
            "sgd_step",
            "rmsprop_step",
            "adam_step",
            "train_linear_model",
            "l1_penalty",
            "l2_penalty",
            "ridge_closed_form",
            "polynomial_features",
        ]
    ),
    manual={"written_optimizers": 5, "written_bias_variance": 5},
)
