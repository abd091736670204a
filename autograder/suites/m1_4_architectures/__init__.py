"""Hidden suite of m1_4_architectures: one pytest module per graded function or topic."""

from autograder.suites.assignment import Assignment

ASSIGNMENT = Assignment(
    id="m1_4_architectures",
    functions=tuple(
        [
            "conv2d",
            "max_pool2d",
            "rnn_step",
            "rnn_forward",
            "lstm_step",
            "lstm_forward",
            "scaled_dot_product_attention",
        ]
    ),
    manual={"written_recurrence_vs_attention": 6, "written_ai_ml_dl": 6},
)
