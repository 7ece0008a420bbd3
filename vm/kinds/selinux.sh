# Kind "selinux": the same host with SELinux enforcing (Debian's reference policy). The build
# boots it once permissive to label the file system (setfiles, by the guest's own kernel
# and policy); the cached image then boots straight to enforcing.
kind_packages=(selinux-basics selinux-policy-default auditd)
kind_cmdline="security=selinux selinux=1 enforcing=1"
kind_relabel_cmdline="security=selinux selinux=1 enforcing=0"   # the kernel takes the first enforcing=
kind_configure() {
    sed -i -e 's/^SELINUX=.*/SELINUX=enforcing/' -e 's/^SELINUXTYPE=.*/SELINUXTYPE=default/' "$1/etc/selinux/config"
    # The JDK is labelled by Cloister's own policy module when make install loads it, as on
    # a user's host: nothing here prepares it.
    # The job runs as root's login domain (unconfined_t), as an administrator's commands do;
    # a service's init_t/initrc_t may not even mount the shares.
    install -D -m 0644 "$VM_DIR/guest/selinux-job.conf" "$1/etc/systemd/system/cloister-vm-job.service.d/selinux.conf"
}
kind_relabel=yes
