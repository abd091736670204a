"""Hidden suite of m1_3_neural_nets: one pytest module per graded function or topic."""

from autograder.suites.assignment import Assignment

ASSIGNMENT = Assignment(
    id="m1_3_neural_nets",
    functions=tuple(
        [
            "perceptron_predict",
            "perceptron_train",
            "sigmoid",
            "sigmoid_grad",
            "relu",
            "relu_grad",
            "gelu",
            "softmax",
            "affine_forward",
            "affine_backward",
            "relu_backward",
            "mlp_loss_and_grads",
            "train_mlp",
            "batch_norm_forward",
            "layer_norm_forward",
        ]
    ),
    manual={"written_linear_collapse": 5, "written_layer_norm": 5},
)
