package ledger.query.notify.api;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.query.support.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook API's answers: a subscription registered (201, its secret this once), read, listed
 * and deleted; every bad request a 400 validation problem naming its field, writing nothing; an id
 * that names nothing a 404.
 */
class WebhookApiTest extends QueryServiceTest {

    private static final String WEBHOOKS = "/api/v1/admin/webhooks";
    /** Nothing listens there: no event is stored while it is registered. */
    private static final String URL = "http://127.0.0.1:9/ledger-events";

    @Test
    void registeredReadListedAndDeleted() throws Exception {
        HttpResponse<String> answer = request("POST", WEBHOOKS, "ADMIN", """
                {"url":"%s","eventTypes":["ProgressReported","ProgressReported","MeasureReminded"],
                 "leadUnits":["省财政厅"],"description":" 省财政厅 own system "}""".formatted(URL));
        JsonNode created = json(answer, 201);
        long id = created.get("id").asLong();
        assertThat(answer.headers().firstValue("Location")).hasValue(WEBHOOKS + "/" + id);
        assertThat(created.get("url").asText()).isEqualTo(URL);
        assertThat(created.get("eventTypes")).extracting(JsonNode::asText)
                                             .containsExactly("ProgressReported", "MeasureReminded");
        assertThat(created.get("leadUnits")).extracting(JsonNode::asText).containsExactly("省财政厅");
        assertThat(created.get("description").asText()).isEqualTo("省财政厅 own system");
        assertThat(created.get("createdBy").asText()).isEqualTo("admin-1");
        assertThat(created.get("fromPosition").asLong()).isEqualTo(jdbc.queryForObject(
                "SELECT from_position FROM webhook.subscription WHERE id = ?", Long.class, id));
        String secret = created.get("secret").asText();
        assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");

        JsonNode read = json(request("GET", WEBHOOKS + "/" + id, "ADMIN", null), 200);
        created.fieldNames().forEachRemaining(field -> {
            if (!field.equals("secret")) {
                assertThat(read.get(field)).as(field).isEqualTo(created.get(field));
            }
        });
        assertThat(read.has("secret")).isFalse();
        HttpResponse<String> list = request("GET", WEBHOOKS, "ADMIN", null);
        assertThat(json(list, 200).findValuesAsText("id")).contains(Long.toString(id));
        assertThat(list.body()).doesNotContain(secret);
        assertThat(json(request("GET", WEBHOOKS + "/" + id + "/deliveries", "ADMIN", null), 200)).isEmpty();

        assertThat(request("DELETE", WEBHOOKS + "/" + id, "ADMIN", null).statusCode()).isEqualTo(204);
        assertThat(problem(request("GET", WEBHOOKS + "/" + id, "ADMIN", null), 404, "unknown-webhook")
                           .get("detail").asText()).isEqualTo("no webhook subscription " + id);
        problem(request("DELETE", WEBHOOKS + "/" + id, "ADMIN", null), 404, "unknown-webhook");
        assertThat(json(request("GET", WEBHOOKS, "ADMIN", null), 200).findValuesAsText("id"))
                .doesNotContain(Long.toString(id));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not http(s)   | url         | {"url":"ftp://x/y","eventTypes":["ProgressReported"]}
            not a URL     | url         | {"url":"not a url","eventTypes":["ProgressReported"]}
            credentials   | url         | {"url":"http://u:p@localhost/x","eventTypes":["ProgressReported"]}
            a fragment    | url         | {"url":"http://h/x#y","eventTypes":["ProgressReported"]}
            no URL        | url         | {"eventTypes":["ProgressReported"]}
            URL no text   | url         | {"url":7,"eventTypes":["ProgressReported"]}
            no types      | eventTypes  | {"url":"http://h/x","eventTypes":[]}
            unknown type  | eventTypes  | {"url":"http://h/x","eventTypes":["NoSuchEvent"]}
            a command     | eventTypes  | {"url":"http://h/x","eventTypes":["ReportProgress"]}
            unknown field | secret      | {"url":"http://h/x","eventTypes":["ProgressReported"],"secret":"x"}
            unit no text  | leadUnits   | {"url":"http://h/x","eventTypes":["ProgressReported"],"leadUnits":[1]}
            control char  | description | {"url":"http://h/x","eventTypes":["ProgressReported"],"description":"\\u0007"}
            not object    | body        | []
            """)
    void aBadSubscriptionIsA400NamingItsFieldAndRegistersNothing(String mistake, String field, String body)
            throws Exception {
        long before = jdbc.queryForObject("SELECT count(*) FROM webhook.subscription", Long.class);
        JsonNode problem = problem(request("POST", WEBHOOKS, "ADMIN", body), 400, "validation");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhook.subscription", Long.class)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/admin/webhooks/abc                          | subscription
            GET    | /api/v1/admin/webhooks/0                            | subscription
            DELETE | /api/v1/admin/webhooks/-4                           | subscription
            GET    | /api/v1/admin/webhooks/dead-letters?subscription=x  | subscription
            GET    | /api/v1/admin/webhooks/dead-letters?limit=1001      | limit
            GET    | /api/v1/admin/webhooks/dead-letters?limit=0         | limit
            POST   | /api/v1/admin/webhooks/dead-letters/abc/resend      | delivery
            """)
    void aBadIdOrLimitIsA400NamingIt(String method, String path, String field) throws Exception {
        JsonNode problem = problem(request(method, path, "ADMIN", null), 400, "validation");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    @Test
    void aBadStateOrLimitOfADeliveryLogIsA400() throws Exception {
        long id = json(request("POST", WEBHOOKS, "ADMIN", """
                {"url":"%s","eventTypes":["ProgressReported"]}""".formatted(URL)), 201).get("id").asLong();
        try {
            assertThat(problem(request("GET", WEBHOOKS + "/" + id + "/deliveries?state=DONE", "ADMIN", null), 400,
                               "validation").get("errors").get(0).get("field").asText()).isEqualTo("state");
            assertThat(problem(request("GET", WEBHOOKS + "/" + id + "/deliveries?limit=x", "ADMIN", null), 400,
                               "validation").get("errors").get(0).get("field").asText()).isEqualTo("limit");
        } finally {
            assertThat(request("DELETE", WEBHOOKS + "/" + id, "ADMIN", null).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void anIdThatNamesNothingIs404() throws Exception {
        long none = Long.MAX_VALUE;
        for (String path : new String[]{WEBHOOKS + "/" + none, WEBHOOKS + "/" + none + "/deliveries"}) {
            assertThat(problem(request("GET", path, "ADMIN", null), 404, "unknown-webhook").get("detail").asText())
                    .isEqualTo("no webhook subscription " + none);
        }
        problem(request("DELETE", WEBHOOKS + "/" + none, "ADMIN", null), 404, "unknown-webhook");
        assertThat(problem(request("POST", WEBHOOKS + "/dead-letters/" + none + "/resend", "ADMIN", null), 404,
                           "unknown-webhook").get("detail").asText()).isEqualTo("no delivery " + none);
    }

    @Test
    void onlyAnAdminManagesWebhooks() throws Exception {
        for (String role : new String[]{"SUPERVISOR", "AUDITOR", "READER"}) {
            problem(request("GET", WEBHOOKS, role, null), 403, "forbidden");
            problem(request("POST", WEBHOOKS, role, "{\"url\":\"" + URL + "\",\"eventTypes\":[\"ProgressReported\"]}"),
                    403, "forbidden");
        }
    }
}
