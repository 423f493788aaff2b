// Viewer-request function of the site's default behaviour (runtime cloudfront-js-2.0).
// A client-side route such as /projects/some-slug is no file in the bucket: it gets the app's
// /index.html, so deep links and reloads work. A path whose last segment has an extension names
// a file and reaches S3 unchanged, so a missing asset stays a real 404 instead of HTML served as
// JavaScript. /api paths are never rewritten, even if this function were attached to them, so
// the API's own JSON errors reach the browser.
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri === '/api' || uri.indexOf('/api/') === 0) {
        return request;
    }
    var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
    if (lastSegment.indexOf('.') === -1) {
        request.uri = '/index.html';
    }
    return request;
}
