# The course hub (docs/hub.md): JupyterHub for a class on one machine, and the instructor's commands in it.
.PHONY: hub hub-release hub-grade hub-feedback

HUB_PROXY_BIN := hub/node/node_modules/.bin/configurable-http-proxy

# configurable-http-proxy (npm, pinned in scripts/install-chp.sh) is part of `make install`.
install: $(HUB_PROXY_BIN)
$(HUB_PROXY_BIN): scripts/install-chp.sh
	@bash scripts/install-chp.sh hub/node && touch $@ \
	  || echo "warning: configurable-http-proxy is not installed (needs node and npm); make hub will say so"

hub: install  ## JupyterHub for the class (root): HUB_PORT=8000 HUB_ROSTER=hub/roster.csv HUB_STATE=/srv/ml-course-hub
	$(PY) hub/launch.py $(if $(HUB_ROSTER),--roster $(HUB_ROSTER)) $(if $(HUB_STATE),--state $(HUB_STATE)) \
	  $(if $(HUB_COURSE),--course $(HUB_COURSE)) --port $(or $(HUB_PORT),8000) $(HUB_ARGS)

# In the instructor's terminal on the hub (the course folder, whose .venv the hub provides):
hub-release:  ## instructor on the hub: generate and release one assignment: make hub-release A=m1_1_math
	$(BIN)/nbgrader generate_assignment $(A) --force
	$(BIN)/nbgrader release_assignment $(A) --force

hub-grade:  ## instructor on the hub: collect, grade with the sandboxed grader into gradebook.db: make hub-grade A=m1_1_math
	$(BIN)/nbgrader collect --update $(A)
	$(PY) -m autograder grade-all $(A) submitted --out grades/$(A) --csv grades/$(A).csv \
	  --feedback grades/$(A)-feedback --gradebook gradebook.db --no-progress --jobs $(JOBS)
	$(PY) hub/autograded.py $(A)

hub-feedback:  ## instructor on the hub, after scoring written answers in formgrader: make hub-feedback A=m1_1_math
	$(BIN)/nbgrader generate_feedback $(A) --force
	$(BIN)/nbgrader release_feedback $(A)
