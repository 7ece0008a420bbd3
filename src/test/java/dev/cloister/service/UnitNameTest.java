package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitNameTest {

    @Test
    void appendsServiceWhenTheTypeIsMissing() {
        assertThat(UnitName.normalize("apache2")).isEqualTo("apache2.service");
        assertThat(UnitName.normalize("apache2.service")).isEqualTo("apache2.service");
        assertThat(UnitName.normalize("dbus.socket")).isEqualTo("dbus.socket");
        assertThat(UnitName.normalize("php8.2-fpm")).isEqualTo("php8.2-fpm.service");
    }

    @Test
    void rejectsNamesThatCouldLeaveAUnitDirectory() {
        assertThatThrownBy(() -> UnitName.normalize("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnitName.normalize("@.service")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsTemplatesAndInstances() {
        UnitName template = UnitName.parse("postgresql@.service");
        UnitName instance = template.withInstance("15-main");

        assertThat(template.isTemplate()).isTrue();
        assertThat(instance.fullName()).isEqualTo("postgresql@15-main.service");
        assertThat(instance.template()).isEqualTo(template);
        assertThat(instance.stem()).isEqualTo("postgresql@15-main");
    }

    @Test
    void escapesLikeSystemdEscape() {
        assertThat(UnitName.escape("web-1")).isEqualTo("web\\x2d1");
        assertThat(UnitName.escape("a/b c")).isEqualTo("a-b\\x20c");
        assertThat(UnitName.unescape("web\\x2d1")).isEqualTo("web-1");
        assertThat(UnitName.unescape("15-main")).isEqualTo("15/main");
    }
}
