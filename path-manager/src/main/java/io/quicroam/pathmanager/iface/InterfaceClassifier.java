package io.quicroam.pathmanager.iface;

/** Tells what kind of network an interface is from what the OS says about it. */
@FunctionalInterface
public interface InterfaceClassifier {
    InterfaceClass classify(String interfaceName);
}
