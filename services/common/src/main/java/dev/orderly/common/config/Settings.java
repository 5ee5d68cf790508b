package dev.orderly.common.config;

import dev.orderly.contracts.Durations;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;

/**
 * Typed access to a service's configuration: application.yaml overridden by environment variables.
 */
public final class Settings {

  private final Config config;

  private Settings(Config config) {
    this.config = config;
  }

  /** Environment variables, then system properties, then the classpath's application.yaml. */
  public static Settings load() {
    return new Settings(
        Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .sources(
                ConfigSources.environmentVariables(),
                ConfigSources.systemProperties(),
                ConfigSources.classpath("application.yaml"))
            .build());
  }

  /** Wraps an existing configuration (tests). */
  public static Settings of(Config config) {
    return new Settings(config);
  }

  /** The underlying Helidon configuration. */
  public Config config() {
    return config;
  }

  public String string(String key, String defaultValue) {
    return config.get(key).asString().orElse(defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return config.get(key).asInt().orElse(defaultValue);
  }

  public boolean bool(String key, boolean defaultValue) {
    return config.get(key).asBoolean().orElse(defaultValue);
  }

  public Duration duration(String key, String defaultValue) {
    return Durations.parse(string(key, defaultValue));
  }
}
