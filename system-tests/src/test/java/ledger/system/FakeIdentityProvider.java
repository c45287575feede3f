package ledger.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import ledger.testing.TestTokens;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest OpenID provider the dashboard can sign in with: discovery, an authorization endpoint
 * that signs in at once and redirects back with a code, and a token endpoint that hands out a token
 * the ledger trusts (signed like {@link TestTokens}) only for the code and its PKCE verifier (S256).
 * It records what it was asked, for the test to check.
 */
final class FakeIdentityProvider implements AutoCloseable {

    /** One authorization request as it came, and whether its code was exchanged. */
    record Authorization(Map<String, String> parameters, boolean exchanged) {
    }

    private final HttpServer server;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    private final List<Authorization> authorizations = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final String clientId;

    FakeIdentityProvider(String clientId) throws IOException {
        this.clientId = clientId;
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    synchronized List<Authorization> authorizations() {
        return List.copyOf(authorizations);
    }

    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        answer(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "response_types_supported":["code"],"code_challenge_methods_supported":["S256"],
                 "grant_types_supported":["authorization_code"],"token_endpoint_auth_methods_supported":["none"]}"""
                .formatted(issuer()));
    }

    private synchronized void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        authorizations.add(new Authorization(query, false));
        String code = UUID.randomUUID().toString();
        codes.put(code, query);
        String redirect = query.get("redirect_uri") + "?code=" + code + "&state="
                          + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", redirect);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private synchronized void token(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("OPTIONS")) {
            answer(exchange, 204, null);
            return;
        }
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> asked = codes.remove(body.getOrDefault("code", ""));
        String refusal = asked == null ? "unknown or used code"
                : !"authorization_code".equals(body.get("grant_type")) ? "grant_type"
                : !clientId.equals(body.get("client_id")) || !clientId.equals(asked.get("client_id")) ? "client_id"
                : !asked.get("redirect_uri").equals(body.get("redirect_uri")) ? "redirect_uri"
                : !"S256".equals(asked.get("code_challenge_method")) ? "code_challenge_method"
                : !s256(body.getOrDefault("code_verifier", "")).equals(asked.get("code_challenge")) ? "code_verifier"
                : null;
        if (refusal != null) {
            refusals.add(refusal);
            answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + refusal + "\"}");
            return;
        }
        authorizations.replaceAll(a -> a.parameters() == asked ? new Authorization(asked, true) : a);
        answer(exchange, 200, "{\"access_token\":\"" + TestTokens.token("oidc-reader", "READER", null)
                              + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            values.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The page calls discovery and the token endpoint from its own origin: CORS, as a real provider answers. */
    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type, Accept");
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "GET, POST");
        }
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
