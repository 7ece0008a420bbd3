# Cloister: `make` builds everything (bin/cloister then runs from the checkout),
# `make test` runs every test (unit and root integration tests).
PREFIX ?= /usr/local
JAVA_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
MVN ?= mvn -B -q
JAVA := $(JAVA_HOME)/bin/java

BINDIR := $(DESTDIR)$(PREFIX)/bin
LIBDIR := $(DESTDIR)$(PREFIX)/lib/cloister
SHAREDIR := $(DESTDIR)$(PREFIX)/share/cloister
MANDIR := $(DESTDIR)$(PREFIX)/share/man/man1
COMPLETIONDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions

.PHONY: all native jar aot completion test unit-test chaos vm-test install install-files uninstall bench clean

all: native jar aot completion

native:
	$(MAKE) -C native

jar:
	$(MVN) -DskipTests package

# JDK 25's AOT cache (JEP 483/514): classes loaded and linked ahead of time for a fast CLI.
# The cache is tied to the jar's path, so `make install` records it again for the installed jar.
train = rm -f $(2); tmp=$$(mktemp -d) && CLOISTER_ROOT=$$tmp $(JAVA) -XX:AOTCacheOutput=$(2) -Xlog:aot=off \
	-Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
	-cp $(1) dev.cloister.cli.Training >/dev/null 2>&1; rc=$$?; rm -rf $$tmp; \
	if [ $$rc -ne 0 ]; then echo "AOT training failed (rc $$rc): cloister runs without the cache"; rm -f $(2); fi

aot: jar
	@$(call train,target/cloister.jar,target/cloister.aot)

# bash completion, generated from the command definitions (picocli's AutoComplete).
completion: jar
	@$(JAVA) -cp target/cloister.jar dev.cloister.cli.BashCompletion target/cloister.bash

# Not quiet: Surefire's per-class results and closing summary are the test report.
test: all
	$(MAKE) -C native test
	mvn -B test

# The helper too: the unit tests that run it (check, ops, copy-tree) fail without it.
unit-test: native jar
	$(MVN) test -Dtest.excludedGroups=root

# The fault-injection suite (issue 13, src/test/java/dev/cloister/it/chaos): kill -9 at random moments
# of every multi-step command, the CLI alone and its process group. `make test` runs 2 rounds (48
# trials); this runs CHAOS_ROUNDS (17: 408 trials). CHAOS_SEED=N repeats a run, CHAOS_ONLY=delete,clone
# picks commands. The report: target/chaos-report.txt.
CHAOS_ROUNDS ?= 17
chaos: all
	mvn -B test -Dtest=ChaosIT -Dchaos.trials=$(CHAOS_ROUNDS) $(if $(CHAOS_SEED),-Dchaos.seed=$(CHAOS_SEED)) \
		$(if $(CHAOS_ONLY),-Dchaos.only=$(CHAOS_ONLY))

# The VM tier (vm/, docs/testing.md): Debian 12 hosts under qemu, the suite in vm/suite/.
VM_KINDS ?= apparmor
vm-test: all
	vm/test $(VM_KINDS)

install: all
	$(MAKE) install-files

# Installs what `make` built, building nothing: where there is no Maven (the VM tier installs
# Cloister this way, from the shipped files).
install-files:
	install -d $(BINDIR) $(LIBDIR) $(SHAREDIR) $(MANDIR) $(COMPLETIONDIR)
	install -m 0644 docs/cloister.1 $(MANDIR)/cloister.1
	ln -sf cloister.1 $(MANDIR)/virt-sandbox-service.1
	install -m 0644 target/cloister.bash $(COMPLETIONDIR)/cloister
	ln -sf cloister $(COMPLETIONDIR)/virt-sandbox-service
	install -m 0755 build/cloister-helper $(LIBDIR)/cloister-helper
	install -m 0644 target/cloister.jar $(SHAREDIR)/cloister.jar
	@$(call train,$(SHAREDIR)/cloister.jar,$(SHAREDIR)/cloister.aot)
	sed -e 's|^home=$${CLOISTER_HOME:-}|home=$${CLOISTER_HOME:-$(PREFIX)}|' \
	    -e 's|$$home/build/cloister-helper|$(PREFIX)/lib/cloister/cloister-helper|' \
	    -e 's|$$home/target/cloister.jar|$(PREFIX)/share/cloister/cloister.jar|' \
	    -e 's|$$home/target/cloister.aot|$(PREFIX)/share/cloister/cloister.aot|' \
	    bin/cloister > $(BINDIR)/cloister
	chmod 0755 $(BINDIR)/cloister
	ln -sf cloister $(BINDIR)/virt-sandbox-service

uninstall:
	rm -f $(BINDIR)/cloister $(BINDIR)/virt-sandbox-service
	rm -f $(MANDIR)/cloister.1 $(MANDIR)/virt-sandbox-service.1
	rm -f $(COMPLETIONDIR)/cloister $(COMPLETIONDIR)/virt-sandbox-service
	rm -rf $(LIBDIR) $(SHAREDIR)

bench: all
	bench/run

clean:
	$(MAKE) -C native clean
	$(MVN) clean
