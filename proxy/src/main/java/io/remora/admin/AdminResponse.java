package io.remora.admin;

/**
 * What an admin endpoint answers: a status, a content type and a whole body, and optionally
 * what to do once the answer is on the wire ({@code /quitquitquit}).
 */
record AdminResponse(int status, String contentType, String body, Runnable afterSent) {
  static final String TEXT = "text/plain; charset=UTF-8";
  static final String JSON = "application/json";
  static final String HTML = "text/html; charset=UTF-8";

  static AdminResponse text(String body) {
    return text(200, body);
  }

  static AdminResponse text(int status, String body) {
    return new AdminResponse(status, TEXT, body, null);
  }

  static AdminResponse json(String body) {
    return new AdminResponse(200, JSON, body, null);
  }

  static AdminResponse html(String body) {
    return new AdminResponse(200, HTML, body, null);
  }

  AdminResponse thenRun(Runnable action) {
    return new AdminResponse(status, contentType, body, action);
  }
}
