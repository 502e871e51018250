# The resource library (issue 16): /resources and a resource's page.
nav-resources = Library
resources-title = Resource library
resources-intro = Material for FLS teams, mentors, patients and policy makers: workshop material, the Best Practice Framework, Getting to Gold, patient information and more, in every language it exists in.
resources-search = Search the library
resources-any = Any
resources-audience = Audience
resources-country = Country
resources-country-hint = An ISO code such as ES; resources for every country are always included.
resources-find = Search
resources-count = { $count ->
    [one] One resource found.
   *[other] { $count } resources found.
}
resources-new = New resource
resources-create = Create as draft
resources-category-new = New category
resources-category-add = Add category
resource-status-draft = Draft
resource-body-hint = Markdown: headings (#), lists (-), links [words](https://...). Raw HTML is shown as text.
resource-links-hint = One https:// address per line (videos are linked, not uploaded).
resource-countries-hint = ISO codes separated by commas; empty applies everywhere.
field-resource_category = Category
field-resource_language = Language
field-resource_title = Title
field-resource_summary = Summary
field-resource_body = Text
field-resource_links = Links
field-resource_audiences = Audiences
field-resource_visibility = Who may read it
field-resource_tags = Tags
field-resource_countries = Countries
field-resource_review_by = Review by
field-category_code = Category code
field-category_name = Category name
resource-fallback = This resource is not available in your language; you are reading the { $language } version.
resource-links = Links
resource-is-draft = This resource is a draft: only editors see it until it is published.
resource-files = Files
resource-size-kb = { $size } KB
resource-everywhere = All countries
resource-other-languages = Also in:
resource-cited-by = Cited by
resource-cited-g2g_milestone = Getting to Gold milestone evidence
resource-cited-bpf_answer = Best Practice Framework answer
resource-edit = Edit this resource
resource-publish = Publish
resource-save = Save
resource-version-edit = Version in { $language }
resource-history = { $count ->
    [one] One saved state kept.
   *[other] { $count } saved states kept.
}
resource-version-add = Add a language version
resource-version-add-button = Add version
resource-file-add = Attach a file
resource-file-hint = PDF, DOCX, PPTX, XLSX, PNG or JPEG, checked by content.
resource-file-upload = Upload
resource-category-mentorship_workshop = Mentorship workshop material
resource-category-bpf = Best Practice Framework material
resource-category-getting_to_gold = Getting to Gold material
resource-category-train_the_trainer = Train-the-trainer material
resource-category-patient_information = Patient information
resource-category-benefit_calculator = FLS benefit calculator
resource-category-policy_advocacy = Policy and advocacy
resource-audience-fls_staff = FLS staff
resource-audience-patients = Patients
resource-audience-policy_makers = Policy makers
resource-audience-mentors = Mentors
resource-visibility-public = Everyone
resource-visibility-signed_in = Signed-in users
resource-visibility-mentors = Mentors and the programme only
rule-duplicate_version = this language already has a version; edit it instead.
rule-link_unsafe = is not a safe link address (only https, http and mailto are allowed; javascript: and data: are not).
rule-link_invalid = is not a valid web address.
rule-file_type = the file's content is not one of { $allowed } (the name does not decide).
rule-code_format = must be lower-case letters, digits and _ only.
rule-duplicate = already exists.
