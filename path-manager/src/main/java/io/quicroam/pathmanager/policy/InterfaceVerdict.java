package io.quicroam.pathmanager.policy;

/** Whether a path would be opened on an interface, and if not, why (for {@code quicroam interfaces}). */
public record InterfaceVerdict(boolean usable, String reason) {
    public static final InterfaceVerdict USABLE = new InterfaceVerdict(true, "");

    public static InterfaceVerdict unusable(String reason) {
        return new InterfaceVerdict(false, reason);
    }
}
