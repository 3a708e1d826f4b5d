# Thin wrappers around dev.sh (which also works where make is not installed).
.PHONY: demo test bench
demo:
	./dev.sh demo
test:
	./dev.sh test
bench:
	./dev.sh bench
