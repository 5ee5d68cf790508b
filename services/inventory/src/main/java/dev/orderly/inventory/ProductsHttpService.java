package dev.orderly.inventory;

import dev.orderly.common.db.Database;
import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem.FieldError;
import dev.orderly.common.http.ProblemException;
import dev.orderly.common.security.Authentication;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /products}: the catalogue and its stock. Writes are for admins (enforced with the auth
 * issue).
 */
public final class ProductsHttpService implements HttpService {

  static final int MAX_STOCK = 1_000_000;
  private static final String ADMIN = "admin";
  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int PAGE_SIZE = 100;

  private final Database database;

  public ProductsHttpService(Database database) {
    this.database = database;
  }

  /** Body of {@code POST /products}. */
  public record NewProduct(String id, String name, Integer stock) {}

  /** Body of {@code PUT /products/{id}/stock}. */
  public record StockLevel(Integer available) {}

  /** A page of products and the cursor of the next one. */
  public record Page(List<InventoryRepository.Product> items, String nextCursor) {}

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/", this::list)
        .post("/", this::create)
        .get("/{id}", this::get)
        .put("/{id}/stock", this::setStock);
  }

  private void list(ServerRequest req, ServerResponse res) {
    // The cursor is the last product id of the previous page.
    String after = req.query().first("cursor").orElse(null);
    if (after != null && !PRODUCT_ID.matcher(after).matches()) {
      throw ProblemException.badRequest("'cursor' must be the nextCursor of a previous page");
    }
    var products =
        database.inTransaction(tx -> InventoryRepository.listProducts(tx, after, PAGE_SIZE + 1));
    String next = null;
    if (products.size() > PAGE_SIZE) {
      products = products.subList(0, PAGE_SIZE);
      next = products.getLast().id();
    }
    Json.send(res, Status.OK_200, new Page(products, next));
  }

  private void get(ServerRequest req, ServerResponse res) {
    String id = req.path().pathParameters().get("id");
    var product =
        database
            .inTransaction(tx -> InventoryRepository.findProduct(tx, id))
            .orElseThrow(() -> ProblemException.notFound("no product " + id));
    Json.send(res, Status.OK_200, product);
  }

  private void create(ServerRequest req, ServerResponse res) {
    Authentication.requireRole(req, ADMIN);
    NewProduct body = Json.read(req, NewProduct.class);
    List<FieldError> errors = new ArrayList<>();
    if (body.id() == null || !PRODUCT_ID.matcher(body.id()).matches()) {
      errors.add(new FieldError("id", "required; 1-64 of A-Z a-z 0-9 . _ -"));
    }
    // Characters are code points, as the OpenAPI schema's maxLength counts them.
    if (body.name() == null
        || body.name().isEmpty()
        || body.name().codePointCount(0, body.name().length()) > 200) {
      errors.add(new FieldError("name", "required; 1 to 200 characters"));
    }
    validateStock("stock", body.stock(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("the product is not valid", errors);
    }
    boolean created =
        database.inTransaction(
            tx ->
                InventoryRepository.insertProduct(
                    tx, body.id(), body.name().strip(), body.stock()));
    if (!created) {
      throw ProblemException.conflict(
          "product-exists",
          "Product exists",
          "product "
              + body.id()
              + " already exists; use PUT /products/"
              + body.id()
              + "/stock to change its stock");
    }
    res.header(HeaderNames.LOCATION, "/products/" + body.id());
    Json.send(
        res,
        Status.CREATED_201,
        database.inTransaction(tx -> InventoryRepository.findProduct(tx, body.id())).orElseThrow());
  }

  private void setStock(ServerRequest req, ServerResponse res) {
    Authentication.requireRole(req, ADMIN);
    String id = req.path().pathParameters().get("id");
    StockLevel body = Json.read(req, StockLevel.class);
    List<FieldError> errors = new ArrayList<>();
    validateStock("available", body.available(), errors);
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("the stock level is not valid", errors);
    }
    var product =
        database
            .inTransaction(
                tx ->
                    InventoryRepository.setAvailable(tx, id, body.available())
                        ? InventoryRepository.findProduct(tx, id)
                        : java.util.Optional.<InventoryRepository.Product>empty())
            .orElseThrow(() -> ProblemException.notFound("no product " + id));
    Json.send(res, Status.OK_200, product);
  }

  private static void validateStock(String field, Integer value, List<FieldError> errors) {
    if (value == null || value < 0 || value > MAX_STOCK) {
      errors.add(new FieldError(field, "required; between 0 and " + MAX_STOCK));
    }
  }
}
