package dev.orderly.common.testing;

import dev.orderly.common.SagaService;
import dev.orderly.common.config.Settings;
import dev.orderly.common.db.Database;
import dev.orderly.common.db.DatabaseConfig;
import dev.orderly.common.http.OpenApiDocument;
import dev.orderly.common.outbox.Outbox;
import dev.orderly.common.outbox.OutboxTransactions;
import dev.orderly.common.security.Authentication;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A saga service's API routes for a {@code @ServerTest} class, as {@link SagaService} registers
 * them, on the local PostgreSQL's database of the service, with tokens of {@link TestTokens}: no
 * broker, the committed outboxes collected instead of published.
 */
public final class TestSagaService implements AutoCloseable {

  /** Signs the tests' tokens; the routes accept them. */
  public final TestTokens tokens = new TestTokens();

  /** The outboxes of the committed transactions, in commit order. */
  public final List<Outbox> dispatched = new CopyOnWriteArrayList<>();

  private final SagaService.Definition definition;
  private final Map<String, String> settings;
  private Database database;

  /**
   * @param settings the service's settings beside the database's defaults
   */
  public TestSagaService(SagaService.Definition definition, Map<String, String> settings) {
    this.definition = definition;
    this.settings = settings;
  }

  /** For {@code @SetUpRoute}. */
  public void routing(HttpRouting.Builder routing) {
    Settings config = Settings.of(Config.just(ConfigSources.create(settings)));
    database = Database.open(DatabaseConfig.from(config, definition.name()), definition.name());
    OutboxTransactions transactions = new OutboxTransactions(database, dispatched::add);
    SagaService.routing(
        routing,
        OpenApiDocument.load("openapi/" + definition.name() + ".yaml"),
        new Authentication(tokens.validator()),
        definition,
        new SagaService.Context(config, database, database, transactions, transactions));
  }

  /** The service's database, to check what a request wrote. */
  public Database database() {
    return database;
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }
}
