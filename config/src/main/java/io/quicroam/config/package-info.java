/**
 * Typed YAML for quicroam's configuration files: a mapping whose getters report errors with file, line, column and
 * key path, rejects keys nobody read (with a "did you mean"), collects non-fatal warnings, and parses durations.
 *
 * <p>Knows no quicroam key: each module defines and reads its own keys through it. Must not depend on any other
 * quicroam module; SnakeYAML is its only dependency.
 */
package io.quicroam.config;
