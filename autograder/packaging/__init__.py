"""What the course ships elsewhere: the students' template repository and Gradescope's autograder.zip."""
