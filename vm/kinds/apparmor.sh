# Kind "apparmor": Debian 12 as installed. Debian's kernel makes AppArmor the major LSM by
# default (CONFIG_DEFAULT_SECURITY_APPARMOR), so the command line adds nothing and
# apparmor.service loads the stock profiles at boot.
kind_packages=()
kind_cmdline=""
kind_configure() { :; }
kind_relabel=no
kind_relabel_cmdline=""
