from frontdoor.quality.case_review import urls as case_review

app_name = "quality"
urlpatterns: list = [
    *case_review.urlpatterns,
]
