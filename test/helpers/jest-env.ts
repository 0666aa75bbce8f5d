// Herald's functions run on Node 24 in Lambda. Dev and CI machines run Node 20, where the pinned
// AWS SDK works but announces that releases after January 2027 will not: silence that notice in
// tests (package.json pins a version that works on both).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
