package dev.orderly.auth;

import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /auth/clients}: registering clients for the client_credentials grant (admin only). The
 * secret is generated here and shown once, in the answer to the registration.
 */
public final class ClientsHttpService implements HttpService {

  private static final Logger LOG = LoggerFactory.getLogger(ClientsHttpService.class);
  private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
  private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.CUSTOMER);

  private final ClientRepository clients;
  private final PasswordHasher hasher;

  public ClientsHttpService(ClientRepository clients, PasswordHasher hasher) {
    this.clients = clients;
    this.hasher = hasher;
  }

  /** A registration: the client's id and the roles its tokens carry. */
  record Registration(String clientId, List<String> roles) {}

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::register).delete("/{clientId}", this::remove);
  }

  private void register(ServerRequest req, ServerResponse res) {
    Registration registration = Json.read(req, Registration.class);
    List<Problem.FieldError> errors = new ArrayList<>();
    if (registration.clientId() == null || !CLIENT_ID.matcher(registration.clientId()).matches()) {
      errors.add(
          new Problem.FieldError(
              "clientId",
              "3-64 characters: lower-case letters, digits, '.', '_', '-', starting with a letter or digit"));
    }
    if (registration.roles() == null
        || registration.roles().isEmpty()
        || !registration.roles().stream().allMatch(role -> role != null && ROLES.contains(role))) {
      errors.add(new Problem.FieldError("roles", "one or more of " + ROLES));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("the registration is not acceptable", errors);
    }
    String secret = RandomTokens.next();
    Client client =
        new Client(
            registration.clientId(),
            hasher.hash(secret),
            List.copyOf(Set.copyOf(registration.roles())));
    if (!clients.insert(client)) {
      throw ProblemException.conflict(
          "client-id-taken",
          "Client id taken",
          "the client '" + client.clientId() + "' is already registered");
    }
    LOG.info("registered client {} with roles {}", client.clientId(), client.roles());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientId", client.clientId());
    body.put("clientSecret", secret);
    body.put("roles", client.roles());
    Json.send(res, Status.CREATED_201, body);
  }

  private void remove(ServerRequest req, ServerResponse res) {
    String clientId = req.path().pathParameters().get("clientId");
    if (!clients.delete(clientId)) {
      throw ProblemException.notFound("no client '" + clientId + "'");
    }
    LOG.info("removed client {}", clientId);
    res.status(Status.NO_CONTENT_204).send();
  }
}
