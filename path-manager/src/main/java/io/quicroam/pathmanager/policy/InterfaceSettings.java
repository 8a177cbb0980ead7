package io.quicroam.pathmanager.policy;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.pathmanager.iface.InterfaceClass;

/**
 * Settings for one interface pattern or one class, as written in YAML; a null field was not written and falls
 * through to the next level (interface entry, then class, then built-in class default).
 */
public record InterfaceSettings(
        InterfaceClass type, Integer priority, Boolean metered, Boolean backupOnly, Boolean exclude) {
    public static final InterfaceSettings NONE = new InterfaceSettings(null, null, null, null, null);

    static final int MIN_PRIORITY = 0;
    static final int MAX_PRIORITY = 1000;

    /** Reads {@code {class, priority, metered, backup-only, exclude}}; {@code class} only where allowed. */
    static InterfaceSettings read(ConfigMap map, boolean classAllowed) throws ConfigException {
        InterfaceClass type = classAllowed ? map.choice("class", InterfaceClass.class, null) : null;
        Integer priority = map.has("priority") ? map.integer("priority", 0, MIN_PRIORITY, MAX_PRIORITY) : null;
        Boolean metered = map.has("metered") ? map.bool("metered", false) : null;
        Boolean backupOnly = map.has("backup-only") ? map.bool("backup-only", false) : null;
        Boolean exclude = map.has("exclude") ? map.bool("exclude", false) : null;
        map.finish();
        return new InterfaceSettings(type, priority, metered, backupOnly, exclude);
    }

    /** These settings with every field {@code over} has written replaced by it. */
    InterfaceSettings overriddenBy(InterfaceSettings over) {
        return new InterfaceSettings(
                over.type != null ? over.type : type,
                over.priority != null ? over.priority : priority,
                over.metered != null ? over.metered : metered,
                over.backupOnly != null ? over.backupOnly : backupOnly,
                over.exclude != null ? over.exclude : exclude);
    }
}
