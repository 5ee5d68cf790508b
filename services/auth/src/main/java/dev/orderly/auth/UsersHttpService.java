package dev.orderly.auth;

import dev.orderly.common.db.Ids;
import dev.orderly.common.http.Json;
import dev.orderly.common.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /auth/users}: self-registration of customers. */
public final class UsersHttpService implements HttpService {

  private static final Logger LOG = LoggerFactory.getLogger(UsersHttpService.class);

  private final UserRepository users;
  private final PasswordHasher hasher;

  public UsersHttpService(UserRepository users, PasswordHasher hasher) {
    this.users = users;
    this.hasher = hasher;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::register);
  }

  private void register(ServerRequest req, ServerResponse res) {
    Credentials credentials = Json.read(req, Credentials.class).validateForRegistration();
    User user =
        new User(
            Ids.next(),
            credentials.normalizedUsername(),
            hasher.hash(credentials.password()),
            List.of(Roles.CUSTOMER));
    if (!users.insert(user)) {
      throw ProblemException.conflict(
          "username-taken",
          "Username taken",
          "the username '" + user.username() + "' is already registered");
    }
    LOG.info("registered user {} ({})", user.username(), user.id());
    Json.send(
        res,
        Status.CREATED_201,
        Map.of("id", user.id(), "username", user.username(), "roles", user.roles()));
  }
}
