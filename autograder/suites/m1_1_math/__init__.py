"""Hidden suite of m1_1_math: one pytest module per graded function or topic."""

from autograder.suites.assignment import Assignment

ASSIGNMENT = Assignment(
    id="m1_1_math",
    functions=tuple(
        [
            "dot",
            "matmul",
            "cosine_similarity",
            "power_iteration",
            "pca",
            "numerical_gradient",
            "gradient_descent",
            "sigmoid_neuron_grad",
            "sigmoid_chain_grad",
            "bayes_posterior",
            "entropy",
            "cross_entropy",
            "kl_divergence",
        ]
    ),
    manual={"written_vanishing_gradients": 10},
)
