# Every workflow of the course is a target here. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)
ASSIGNMENTS := m1_1_math m1_2_classical_ml m1_3_neural_nets m1_4_architectures
BUILT = $(shell for a in $(ASSIGNMENTS); do [ -f source/$$a/$$a.ipynb ] && echo $$a; done)
A ?= m1_1_math
NB ?= assignments/$(A)/$(A).ipynb
JOBS ?= 0
DEMO_OUT ?= demo-results
LINTED := autograder benchmarks tests solutions source/course_checks.py nbgrader_config.py

.PHONY: help install install-student final-grades demo test test-fast release validate lab grade grade-all report bench check lint samples clean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -r requirements.lock
	@bash scripts/install-system-tools.sh || true
	@touch $@

install: $(VENV)/.installed  ## instructors, developers: .venv/ with everything pinned (about 1.6 GB: PyTorch, Playwright, ...)

$(VENV)/.student-installed: requirements-student.txt
	@test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip
	$(PY) -m pip install -qq -r requirements-student.txt
	@touch $@

install-student: $(VENV)/.student-installed  ## students: .venv/ with numpy, matplotlib, JupyterLab, nbgrader only (about 450 MB)

# `make lab` and `make check` need only the student packages; a full install serves them too.
STUDENT_INSTALL = $(if $(wildcard $(VENV)/.installed),install,install-student)

requirements-student.txt: requirements.lock autograder/packaging/student_template.py
	$(PY) -c 'from autograder.packaging.student_template import requirements; print(requirements(), end="")' > $@

demo: install  ## grade the bundled sample submissions of every assignment and print the score tables
	@for a in $(BUILT); do \
	  $(PY) -m autograder grade-all $$a samples/submitted --out $(DEMO_OUT)/$$a --csv $(DEMO_OUT)/$$a.csv \
	    --feedback $(DEMO_OUT)/$$a-feedback --no-progress || exit $$?; \
	done
	@echo; echo "One submission in detail (bob_partial, m1_1_math):"; echo
	@$(PY) -m autograder grade m1_1_math samples/submitted/bob_partial/m1_1_math --json $(DEMO_OUT)/bob_partial.json
	@echo; echo "Results: $(DEMO_OUT)/ (per-student results.json, CSV per assignment, feedback in Markdown and HTML)"

test: install  ## run the whole test suite (what CI runs)
	$(PY) -m pytest -q -n 2 --dist loadgroup

test-fast: install  ## the tests without the slow end-to-end ones
	$(PY) -m pytest -q -n 2 -m "not slow"

release: install  ## nbgrader generate_assignment for every assignment (all or nothing), then solutions/, assignments/, samples/
	$(PY) -m autograder.course.generate $(BUILT)
	$(PY) -m autograder.course.build $(BUILT)

validate: install  ## source notebooks pass all their tests; release notebooks pass none (about 2 minutes)
	@n=0; total=$$(( 2 * $(words $(BUILT)) )); for a in $(BUILT); do \
	  n=$$((n + 1)); printf '[%d/%d] source/%s: running every cell ... ' $$n $$total $$a; \
	  out=$$(nbgrader validate source/$$a/$$a.ipynb 2>/dev/null); echo "$$(echo "$$out" | tail -1)"; \
	  echo "$$out" | grep -q "^Success" || exit 1; \
	  n=$$((n + 1)); printf '[%d/%d] release/%s: running every cell ... ' $$n $$total $$a; \
	  out=$$(nbgrader validate --invert release/$$a/$$a.ipynb 2>/dev/null); echo "$$(echo "$$out" | tail -1)"; \
	  echo "$$out" | grep -q "^Success" || exit 1; \
	done

lab: $(STUDENT_INSTALL)  ## students: JupyterLab on assignments/ (Assignments tab, Validate button); LAB_PORT=8888
	@$(PY) -m autograder.course.exchange --publish $(foreach a,$(BUILT),release/$(a))
	@echo "Starting JupyterLab on assignments/ with the course's student settings (lab-config/)."
	@echo "Open the http://127.0.0.1:... link printed below (it holds a token); Ctrl+C twice stops the server."
	cd assignments && JUPYTER_CONFIG_PATH="$(CURDIR)/lab-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --ServerApp.root_dir=. --ServerApp.ip=127.0.0.1 --ServerApp.port=$(or $(LAB_PORT),8888) \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

grade: install  ## grade one notebook: make grade A=m1_1_math NB=path/to/notebook.ipynb
	$(PY) -m autograder grade $(A) $(NB) --json results.json --markdown summary.md --junit junit.xml

grade-all: install  ## grade a class: make grade-all A=m1_1_math SUBMITTED=submitted OUT=grades
	$(PY) -m autograder grade-all $(A) $(or $(SUBMITTED),submitted) --out $(or $(OUT),grades/$(A)) \
	  --csv $(or $(OUT),grades/$(A)).csv --feedback $(or $(OUT),grades/$(A))-feedback --jobs $(JOBS)

report: install  ## class report (HTML + PNG) from grade-all results: make report A=m1_1_math [RESULTS=grades/m1_1_math]
	$(PY) -m autograder.report.class_report $(A) $(or $(RESULTS),$(if $(wildcard grades/$(A)),grades/$(A),$(DEMO_OUT)/$(A))) \
	  $(if $(wildcard $(or $(GRADEBOOK),gradebook.db)),--gradebook $(or $(GRADEBOOK),gradebook.db))

final-grades: install  ## after hand grading: late penalties on whole scores, then grades/final.csv [GRADEBOOK=gradebook.db]
	$(PY) -m autograder.final_grades --gradebook $(or $(GRADEBOOK),gradebook.db) --out $(or $(OUT),grades/final.csv)

bench: install  ## costs like for like: overhead per submission before/after the port, nbgrader vs grade-all on J cores (N=64 per assignment)
	$(PY) -m benchmarks.bench --n $(or $(N),64) --jobs $(or $(J),0) --json bench-results.json

check: $(STUDENT_INSTALL)  ## students: the visible checks of your notebook, function by function: make check A=m1_1_math
	@$(PY) -m autograder.student_check $(NB)

samples: install  ## rebuild the bundled sample submissions from release/ and source/
	$(PY) -m autograder.course.build --samples-only $(BUILT)

lint: install  ## ruff (lint and format check)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check autograder benchmarks tests source/course_checks.py nbgrader_config.py

clean:  ## remove generated results (keeps .venv/)
	rm -rf $(DEMO_OUT) results.json summary.md junit.xml grades .pytest_cache

# Targets contributed by separate features (CI and packaging, the browser test, ...).
-include mk/*.mk
