## البرنامج: إطار أفضل الممارسات، خريطة أفضل الممارسات، الطريق إلى الذهب
rule-framework_invalid = ليس إطارًا صالحًا للاستخدام: { $detail }
rule-bpf_unknown_question = ليس سؤالًا في هذا الإطار.
rule-bpf_unknown_option = ليس إجابة لهذا السؤال.
rule-bpf_override_reason = يختلف عما تقترحه بيانات السجل؛ اذكر السبب.
rule-url = يجب أن يكون عنوان ويب يبدأ بـ https:// أو http://.
