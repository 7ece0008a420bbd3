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

.PHONY: all native jar aot completion selinux test unit-test chaos vm-test install install-files install-selinux uninstall bench clean

all: native jar aot completion selinux

native:
	$(MAKE) -C native

jar:
	$(MVN) -DskipTests package

# JDK 25's AOT cache (JEP 483/514): classes loaded and linked ahead of time for a fast CLI.
# The cache is tied to the jar's path, so `make install` records it again for the installed jar.
# A third argument runs the JVM through a wrapper (install: Cloister's SELinux domain).
train = rm -f $(2); tmp=$$(mktemp -d) && CLOISTER_ROOT=$$tmp $(3) $(JAVA) -XX:AOTCacheOutput=$(2) -Xlog:aot=off \
	-Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
	-cp $(1) dev.cloister.cli.Training >/dev/null 2>&1; rc=$$?; rm -rf $$tmp; \
	if [ $$rc -ne 0 ]; then echo "AOT training failed (rc $$rc): cloister runs without the cache"; rm -f $(2); fi

aot: jar
	@$(call train,target/cloister.jar,target/cloister.aot)

# bash completion, generated from the command definitions (picocli's AutoComplete).
completion: jar
	@$(JAVA) -cp target/cloister.jar dev.cloister.cli.BashCompletion target/cloister.bash

# Cloister's SELinux policy module (selinux/, docs/security.md), for hosts whose policy has no
# container domain: built with the distribution's policy development files (Debian:
# selinux-policy-dev) for this PREFIX and JDK; without them it is not built, and `install` says so.
SELINUX_DEVEL := /usr/share/selinux/devel/Makefile
selinux:
	@if [ -f $(SELINUX_DEVEL) ]; then \
	    rm -rf build/selinux && mkdir -p build/selinux && cp selinux/cloister.te selinux/cloister.if build/selinux/ && \
	    sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@JDK@|$(JAVA_HOME)|g' selinux/cloister.fc >build/selinux/cloister.fc && \
	    $(MAKE) -s -C build/selinux -f $(SELINUX_DEVEL) cloister.pp >build/selinux/build.log 2>&1 || \
	    { cat build/selinux/build.log; exit 1; }; \
	else echo "no $(SELINUX_DEVEL) (selinux-policy-dev): Cloister's SELinux module is not built"; fi

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
	sed -e 's|^home=$${CLOISTER_HOME:-}|home=$${CLOISTER_HOME:-$(PREFIX)}|' \
	    -e 's|$$home/build/cloister-helper|$(PREFIX)/lib/cloister/cloister-helper|' \
	    -e 's|$$home/target/cloister.jar|$(PREFIX)/share/cloister/cloister.jar|' \
	    -e 's|$$home/target/cloister.aot|$(PREFIX)/share/cloister/cloister.aot|' \
	    bin/cloister > $(BINDIR)/cloister
	chmod 0755 $(BINDIR)/cloister
	ln -sf cloister $(BINDIR)/virt-sandbox-service
	@$(MAKE) -s install-selinux
	@$(call train,$(SHAREDIR)/cloister.jar,$(SHAREDIR)/cloister.aot,$$(if [ -z "$(DESTDIR)" ] && command -v selinuxenabled >/dev/null && selinuxenabled; then echo runcon -t cloister_t --; fi))

# On a host running SELinux the module is loaded and Cloister's files and JDK relabelled
# before anything of it runs (the JVM needs the execmem the module grants).
SELINUX_FILES = $(BINDIR)/cloister $(JAVA_HOME)/bin
install-selinux:
	@if [ -f build/selinux/cloister.pp ]; then \
	    install -D -m 0644 build/selinux/cloister.pp $(SHAREDIR)/selinux/cloister.pp; \
	    install -m 0644 selinux/cloister-defaults.cil $(SHAREDIR)/selinux/cloister-defaults.cil; fi
	@if [ -z "$(DESTDIR)" ] && command -v selinuxenabled >/dev/null && selinuxenabled; then \
	    [ -f $(SHAREDIR)/selinux/cloister.pp ] || \
	        { echo "SELinux is enabled but Cloister's policy module was not built: install selinux-policy-dev, then make install"; exit 1; }; \
	    semodule -i $(SHAREDIR)/selinux/cloister.pp $(SHAREDIR)/selinux/cloister-defaults.cil && \
	    restorecon -R -F $(SELINUX_FILES) && echo "loaded SELinux module cloister"; fi

uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v semodule >/dev/null && semodule -l 2>/dev/null | grep -qx cloister; then \
	    semodule -r cloister cloister-defaults && restorecon -R -F $(JAVA_HOME)/bin; fi
	rm -f $(BINDIR)/cloister $(BINDIR)/virt-sandbox-service
	rm -f $(MANDIR)/cloister.1 $(MANDIR)/virt-sandbox-service.1
	rm -f $(COMPLETIONDIR)/cloister $(COMPLETIONDIR)/virt-sandbox-service
	rm -rf $(LIBDIR) $(SHAREDIR)

bench: all
	bench/run

clean:
	$(MAKE) -C native clean
	$(MVN) clean
